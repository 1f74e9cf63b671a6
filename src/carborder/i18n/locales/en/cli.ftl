# Command output that is not a decision: scans, inspections, exports, plans, approvals, progress.

## progress bars (stderr, terminals only)
progress-scanning = scanning
progress-files = { $stage } { $done }/{ $total } files
progress-records = { NUMBER($records) } records
progress-eta = eta
progress-stage-scanned = inputs scanned
progress-stage-decided = decided
progress-stage-written = de-identified and written
progress-stage-rescanned = output re-scanned
progress-stage-manifest = manifest signed
progress-stage-committed = moved into place
progress-stage-counted = counters updated
progress-stage-rescanning = re-scanning the output

## scan
scan-facts-title = Detected facts
scan-col-fact = fact
scan-col-value = value
scan-col-evidence = evidence (file · column · detector · matches · confidence)
scan-example = e.g. { $examples }
scan-more = … { $n } more
scan-files-title = Files
scan-col-path = path
scan-col-reader = reader
scan-col-records = records ({ $units })
scan-col-channels = channels ({ $units })
scan-col-bytes = bytes
scan-col-status = status
scan-status-ok = ok
scan-status-error = error
scan-status-skipped = skipped
skip-reason-unsupported-format = unsupported format
skip-reason-empty = empty
skip-reason-unreadable = unreadable
scan-skipped = { $n } file(s) skipped ({ $why }); --strict makes this an error
scan-assumed = { $value } (assumed)
scan-note-crs = coordinate system
scan-note-interval = sampling interval (s)
scan-note-jitter = positional jitter (m)
scan-note-area-points = sensitive-area points
scan-note-areas = areas hit
scan-note-exact = people counted exactly
scan-note-identity = identity kinds
scan-summary = { $records }, { $bytes } bytes in { $seconds } s ({ $runner })
scan-sampled = — sampled
scan-saved = saved { $path }
scan-option-format = --format must be table or json
scan-option-sample = use either --sample N or --full, not both
scan-option-workspace = --workspace needs --asset to know where to save the scan
scan-option-runner = --runner must be local, pool or ray
unit-rows = rows
unit-messages = messages
unit-can-frames = CAN frames
unit-images = images
unit-frames = frames
unit-columns = columns
unit-topics = topics
unit-can-ids-signals = CAN ids/signals
unit-streams = streams
unit-count = { NUMBER($n) } { $unit }

## inspect
inspect-title = { $file } ({ $format }, { $count })
inspect-col-channel-topic = topic
inspect-col-channel-can = CAN id / signal
inspect-col-channel-stream = stream
channel-kind-gnss = satellite positions
channel-kind-camera = camera
channel-kind-pointcloud = point cloud
channel-kind-map = map
channel-kind-text = text
channel-kind-speed = speed
channel-kind-vin = VIN
channel-kind-other = other
inspect-col-kind = kind
inspect-col-type = type
inspect-col-messages = messages
inspect-col-frames = frames
inspect-col-found = found
inspect-facts = facts: { $facts }

## what inspect found in a channel (the "found" column)
found-separator = ;{" "}
found-trajectory = trajectory { $points } pts, precision { $precision } m, { $coverage } km²
found-camera-cabin = cabin camera: { $frames } frames, faces in { $faces }, plates in { $plates }
found-camera-outside = outside camera: { $frames } frames, faces in { $faces }, plates in { $plates }
found-pi = { $kind } ×{ $n }
found-range = range { $low }–{ $high }
found-range-unit = range { $low }–{ $high } { $unit }

## export
export-file-line = { $path }  { $rows }  { $bytes } B  { $sha }…
export-manifest = manifest: { $path }
export-ytd = year to date, { $counter }: { NUMBER($n) }
counter-pi-individuals = individuals whose personal information left China
counter-pi-sensitive_individuals = individuals whose sensitive personal information left China

## plan
plan-now = flow { $flow }: { $pathway } / { $status } (reasons: { $reasons })
plan-none = no plan of up to { $steps } extra step(s) lightens this flow ({ $tried } tried); no operator changes the facts that decide it
plan-title = Smallest plans that lighten the flow (cost = information lost, 0–1)
plan-col-pathway = pathway
plan-col-status = status
plan-col-steps = extra steps
plan-col-cost = cost
plan-col-changed = facts changed

## init
init-wrote = wrote { $path }
init-next = next: edit { $directory }/inventory/*.yaml, then `carborder assess --workspace { $directory }`

## approvals
approval-title = Approvals
approval-col-id = id
approval-col-kind = kind
approval-col-flows = flows
approval-col-issued = issued
approval-col-valid-until = valid until
approval-col-state = state today
approval-col-source = source
approval-col-scope = scope
approval-scope-none = not recorded
approval-scope-purposes = purposes
approval-scope-activities = methods
approval-scope-recipients = recipients
approval-scope-assets = data sets
approval-scope-content_kinds = content kinds
approval-scope-pi_kinds = PI kinds
approval-scope-sensitive_kinds = sensitive PI
approval-scope-storage = overseas storage
approval-scope-storage_period = overseas storage period
approval-scope-storage-period = { $location }, { $months } months
approval-valid-computed = { $date } (pack rule)
approval-valid-open = no end date
approval-source-inventory = inventory file
approval-source-database = database
approval-recorded = approval { $id } recorded ({ $kind }, flows { $flows })
approval-revoked-done = approval { $id } revoked
approval-scoped = scope of approval { $id } recorded:

serve-no-users = [yellow]no users yet:[/] create one with `carborder user add NAME --role admin --workspace { $workspace }`
serve-listening = carborder serving { $root } on http://{ $host }:{ $port }/
serve-api = API: http://{ $host }:{ $port }/api/v1 (OpenAPI: /api/v1/openapi.json)
