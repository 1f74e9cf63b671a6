# Errors of the gateway side (export, manifests, keys, store, audit, de-identification) and of
# the input-safety layer. The English text is what carborder printed before the catalogue:
# keep it byte-identical. Library text (the OS, pyarrow, a codec) is a quoted variable.

## operating-system errors: what happened, what to do ($action is read or write)
os-action-read = read
os-action-write = write
err-os-what = { $what }: { $said }
os-enoent = not found
hint-os-enoent = check the path (and that every folder on it exists)
os-eacces = permission denied ({ $action })
hint-os-eacces = give this user { $action } access (`ls -l` shows owner and mode), or run as the owner
os-eperm = operation not permitted ({ $action })
hint-os-eperm = give this user { $action } access, or run as the owner
os-erofs = the file system is read-only
hint-os-erofs = choose a location on a writable disk, or remount it read-write
os-enospc = no space left on the device
os-edquot = disk quota exceeded
hint-os-space = free some space or write elsewhere
os-eisdir = is a directory, a file was expected
hint-os-eisdir = name a file inside it
os-enotdir = a part of the path is not a directory
hint-os-enotdir = check the path: a file stands where a folder is expected
os-eloop = too many levels of symbolic links
hint-os-eloop = fix the symbolic link
os-enametoolong = the path is too long
hint-os-enametoolong = use a shorter path
os-eexist = already exists
hint-os-eexist = choose another name or remove the old one
os-enotempty = directory is not empty
hint-os-enotempty = choose a new, empty directory
os-eio = input/output error from the device
hint-os-eio = the disk or network share failed; copy the file to a healthy disk and retry
os-enxio = no such device or address
hint-os-enxio = name a regular file
os-emfile = too many open files
hint-os-emfile = raise the open-file limit (ulimit -n)
os-ebusy = device or resource busy
os-etxtbsy = file is busy
hint-os-busy = retry when the other program has finished
os-other = { $detail }
hint-os-other = check the path

## what a file is for people
what-input-file = input file
what-input = input
what-output-folder = output folder
what-output-parent = folder of the output
what-folder = folder
what-dbc-file = DBC file
what-anchor-file = anchor file
what-counter-key-file = counter key file
what-counter-key-marker = counter key file marker
what-pseudonym-key-file = pseudonymisation key file
what-pseudonym-key-marker = pseudonymisation key file marker
what-public-key-file = public key file
what-signing-key = signing key
what-sensitive-areas = sensitive areas
what-workspace-database = workspace database
what-date = date

## files that are not what they should be
kind-directory = a directory
kind-char-device = a character device (like /dev/zero)
kind-block-device = a block device
kind-fifo = a named pipe (FIFO)
kind-socket = a socket
kind-other = not a regular file
kind-file = a file
err-not-regular-file = { $what } is { $kind }, not a regular file
hint-not-regular-file = carborder reads regular files only; copy the data into a file first
err-file-too-large = { $what } is larger than { $mib } MiB, the most carborder reads here
hint-file-too-large = split it into smaller files, or check that this is the right file
err-not-directory = { $what } is { $kind }, not a directory
hint-not-directory = name a directory
err-date-out-of-range = { $what }: { $value } is outside the dates carborder computes with ({ $earliest } to { $latest })
hint-date-out-of-range = give a date in that range (deadlines are computed years past it)
image-pixels = { $pixels } pixels
image-size = { $width } × { $height } pixels
err-image-too-large = image header announces { $announced }, beyond the limit of { $limit } pixels (longest side { $side }) that carborder decodes
hint-image-too-large = no camera frame is that large (a corrupt or hostile header?); downscale or tile the image before scanning it
err-unreadable-file = cannot be read as { $reader }: the content is corrupt, truncated or of another format ({ $detail })
hint-unreadable-file = check that the file is complete (compare its size or checksum with the source; re-copy or re-export it) and that its name ends in the format it holds ({ $reader })

## the workspace database (driver errors a person can fix)
err-db-readonly = the workspace database is read-only for this user
hint-db-readonly = give this user write access to the database file and its folder (`ls -l` shows owner and mode; SQLite writes -wal/-shm files beside it), or run as the owner
err-db-cannot-open = the workspace database cannot be opened (its folder is missing, read-only or not accessible for this user)
hint-db-cannot-open = give this user read and write access to the folder holding the database, or run as the owner
err-db-locked = the workspace database stayed locked by another process
hint-db-locked = retry when the other carborder command has finished
err-db-disk-io = the disk failed while reading or writing the workspace database
hint-db-disk-io = check the disk (and free space); copy the workspace to a healthy disk
err-db-full = no space left for the workspace database
hint-db-full = free some space on the disk holding the workspace
err-db-not-database = the workspace database file is not an SQLite database (overwritten or corrupt)
hint-db-not-database = restore the database from a backup
err-db-malformed = the workspace database file is damaged
hint-db-malformed = restore the database from a backup; `carborder audit verify` then says what changed
err-db-no-table = the workspace database is damaged: a table is missing
hint-db-no-table = restore the database from a backup; `carborder audit verify` says what else changed

## export inputs
value-none-paren = (none)
err-no-input-files = no input files
hint-no-input-files = pass tables or vehicle files (or folders of them)
err-cannot-read-input = cannot read input: { $detail }
err-unsupported-input-format = unsupported input format { $suffix }
hint-export-input-formats = export reads tables (.parquet, .csv, .tsv, .jsonl, .arrow) and vehicle files (.mcap, .bag, rosbag2 folders, CAN logs, images, video)
err-input-no-rows = input has no rows and no readable schema

## export outcomes (refusals name the rule and the facts)
refused-decision = refused: flow { $flow } is '{ $status }' on pathway '{ $pathway }' — rules: { $rules }{ $facts }{ $missing }. { $summary }
refused-facts = ; facts: { $facts }
refused-unknown-facts = ; unknown facts: { $facts }
refused-rescan = refused: the re-scan of the de-identified output of flow { $flow } still finds what the plan promised to remove: { $broken }{ $second_pass }
refused-second-pass = { " " }(after a second pass with the batch search on { $videos })
second-pass-video = { $path } ({ $frames } frames)
rescan-leak = { $count } raw { $kind } still in column { $column } of { $file }
rescan-unreadable = the re-scan could not read { $file }: { $reason }
err-export-input-unscanned = the scan could not read { $file } ({ $count } of the inputs unread): { $reason }; the export decides on the scan's facts, so nothing was decided or written
hint-export-input-unscanned = run `carborder scan { $file }` to see what is wrong; if the file reads there, report this message as a carborder bug
broken-still-contains = { $fact } still contains { $values }
broken-still-true = { $fact } is still true
broken-precision = geo.precision_m is { $precision } m, finer than the promised { $promised } m
broken-anonymised = anonymised output still has { $fact }: { $values }
warn-not-counted = people of this export are not counted toward the year-to-date thresholds (exemption { $exemptions }; counting rule of the pack, disputed: see its note)

## de-identification plans
op-kind-media = a media operator for { $formats } files
op-kind-tabular = a tabular operator
err-step-fits-no-input = step '{ $op }' is { $what } and fits none of the inputs: { $inputs }
hint-tables-take-tabular = tables take tabular operators (drop, pseudonymise, generalise_geo...)
hint-vehicle-take-media = vehicle files take media operators: blur_regions, drop_topics, drop_can_ids, generalise_geo / generalise_gnss, drop_gnss (or drop kinds [location]), pseudonymise_can_vin
err-media-plan = invalid media de-identification plan: { $detail }
err-asset-not-in-flow = asset '{ $asset }' is not carried by flow '{ $flow }'
hint-flow-assets = flow assets: { $assets }
export-dry-run = dry run: flow { $flow } would be released ({ $summary })
export-released = released: flow { $flow }, { $files } file(s), { $rows } { $unit }, decision { $decision } ({ $pathway })
export-unchanged = unchanged: { $output } already holds this export (same file hashes)
unit-rows-messages = rows/messages
warn-duplicate-input = input { $path } has the same content as { $first }: exported once
warn-second-pass = second pass: { $path } re-run with the batch search on { $frames } frame(s) where the re-scan still found faces or plates ({ $passes } pass(es))
warn-threshold-near = { $fact }: { $now } individuals exported this year; another export of this size ({ $last }) would reach { $threshold } = { $value }
err-output-exists = output directory exists and does not hold this export
hint-output-exists = choose a new --output, or remove the old one

## vehicle files in an export
not-exported-pointcloud = point clouds have no de-identification operator
not-exported-map = map files have no de-identification operator
not-exported-rosbag2-file = a rosbag2 storage file is exported with its folder (the one holding metadata.yaml); name that folder
err-cannot-export-format = cannot export { $format } input: { $why }
hint-exported-formats = export MCAP, ROS 1 bags, rosbag2 folders, CAN logs, images, video or tables
err-can-vin-needs-dbc = pseudonymise_can_vin needs a DBC naming the VIN signals
hint-can-vin-dbc = give `dbc: [file.dbc]` in the plan step or in carborder.yaml
err-dbc-not-found = DBC file not found: { $path }

## subject column and the plan's reach
hint-joined = { $hints }
err-subject-no-table = --subject names a column; these inputs have no table
err-subject-not-everywhere = subject column '{ $column }' is not in every input
reach-missed-vehicle = { $kind } in { $column } of { $file } ({ $rows })
reach-missed-column = { $kind } in column { $column } of { $file } ({ $rows } rows)
hint-reach-media-step = vehicle files need a media step: blur_regions (faces, plates), pseudonymise_can_vin (VINs on CAN)
hint-reach-name-kind = name the kind (kinds: [...]) so the step reaches every column, free text included, or add a step for that column (e.g. mask_text)
err-plan-misses = the plan hides { $hidden } but does not reach every place the scan found them: { $missed }

## flows, formats, anchors
err-unknown-flow = unknown flow '{ $flow }'
hint-inventory-flows = flows in the inventory: { $flows }
hint-inventory-flows-none = flows in the inventory: none
err-unknown-output-format = unknown output format '{ $choice }'
hint-choose-one-of = choose one of: { $choices }
hint-anchor-file = pass an anchor file written by `carborder audit anchor`, or a manifest.json of an export
err-anchor-chain-broken = not anchoring a chain that does not verify: { $summary }
hint-anchor-chain-broken = run `carborder audit verify` and resolve what it reports first
err-anchor-not-json = anchor file is not JSON
err-anchor-format = not an audit anchor or a carborder manifest (unknown format)
err-anchor-no-head = the file carries no audit chain head
err-anchor-altered = anchor is not intact: its signature does not match its content
hint-anchor-altered = use an unaltered copy of the anchor
err-anchor-untrusted = anchor was signed by key { $key }, which this workspace does not trust
hint-anchor-untrusted = check an anchor against the workspace that wrote it (its key, or a rotated one)

## manifests and signing keys
detail-quoted = { $detail }
manifest-not-carborder = not a carborder manifest (body, signature and files expected)
manifest-files-not-entries = files must be a list of entries
err-key-id-form = --key-id '{ $text }' is not a key id (16 hex) or fingerprint (64 hex)
hint-key-id-form = copy it from `carborder key show-id --workspace WS` of the signer
err-signing-key-pem = signing key is not a readable PEM private key
hint-signing-key-restore = restore it from a backup, or `carborder key rotate --kind signing`
err-signing-key-not-ed25519 = signing key is not an Ed25519 key
err-not-public-key = not an Ed25519 public key (PEM or base64 of 32 bytes)
hint-not-public-key = use the .pub.pem file from the signer's `carborder key show-id`

## keys
weak-key-short = it is shorter than { $n } bytes
weak-key-one-char = it is one character repeated
weak-key-pattern = it repeats a pattern of { $n } characters
weak-key-few-chars = it uses fewer than { $n } different characters
weak-key-placeholder = it is a placeholder word
err-key-not-hex = { $what } is not hex
hint-key-restore-or-rotate = restore it from a backup or rotate
err-key-weak = { $what } is weak: { $reason }
hint-key-rotate = rotate it: `carborder key rotate --workspace WS --kind ...`
err-active-key-missing = ACTIVE names key '{ $key }', which is not in the folder
hint-active-key-missing = known key ids: { $known }; restore the key file or generate a new key
hint-active-key-missing-none = known key ids: none; restore the key file or generate a new key
err-no-counter-key = this workspace has no counter key
hint-key-generate-ws = run `carborder key generate --workspace WS`
err-no-active-counter-key = no active counter key
hint-key-generate = run `carborder key generate`
err-env-key-not-utf8 = { $var } contains bytes that are not UTF-8 text
hint-env-key-not-utf8 = set it to a long random text value, e.g. `export { $var }="$(openssl rand -hex 32)"`, or use `carborder key generate`
err-env-key-weak = { $var } is not a usable key: { $reason }
hint-env-key-weak = use a long random value, e.g. `export { $var }="$(openssl rand -hex 32)"`
err-no-pseudonym-key = no pseudonymisation key available
hint-no-pseudonym-key = run `carborder key generate --workspace WS`, or set { $var }
err-pseudonym-key-not-found = pseudonymisation key '{ $key }' not found
hint-known-key-ids = known key ids: { $known }
hint-known-key-ids-none = known key ids: none

## the store: database, approvals, runs
err-db-tables-missing = the workspace database is damaged: table(s) { $tables } missing
hint-db-tables-missing = restore the database from a backup; `carborder audit verify` reports what else was changed
err-db-schema-name = invalid PostgreSQL schema name { $schema }
err-db-url = unsupported database URL { $scheme }
hint-db-url = use sqlite:///PATH or postgresql+psycopg://USER@HOST/DB
err-approval-ends-before-issue = approval '{ $approval }': valid until { $until } is before its issue date { $issued }
hint-approval-dates = check both dates (YYYY-MM-DD); leave --valid-until out to use the pack's validity period
err-approval-declared = approval '{ $approval }' is already declared in the inventory (inventory/approvals.yaml)
hint-approval-declared = use another reference; to change the declared one, edit the inventory
err-approval-exists = approval '{ $approval }' already exists
hint-approval-exists = use another reference, or revoke the old one first
err-no-approval = no approval '{ $approval }'
hint-approval-list = see `approval list`
err-approval-scope-recorded = approval '{ $approval }' already has a recorded scope
hint-approval-scope-recorded = a recorded scope is not replaced; if the approval no longer fits, revoke it and record the new one
err-no-export-run = no export run '{ $run }'

## de-identification operators
err-columns-not-in-data = column(s) { $columns } not in the data
hint-columns-present = columns present: { $columns }
err-operator-params-invalid = invalid parameters for operator '{ $op }': { $problems }
hint-allowed-params = allowed parameters: { $params }
col-want-timestamp = a timestamp or epoch integer
col-want-numeric = numeric
col-want-text = text
err-column-type = { $op }: column { $column } is { $type }, not { $wanted }
err-time-type = { $op }: { $column } is { $type }, not a time
err-trip-not-in-order = { $op }: rows of a trip are not in time order
hint-sort-trip = sort the input by { $trip }, { $time }
err-no-column-selected = { $op }: no column selected
hint-columns-or-kinds = give columns=[...] or kinds=[...]
err-pseudonymise-needs-key = pseudonymise needs a key
hint-pseudonymise-key = set $CARBORDER_PSEUDONYM_KEY or a key file
err-media-op-on-table = '{ $op }' is a media operator ({ $formats }); it cannot run on a table
hint-tabular-inputs = tabular inputs take tabular operators (drop, pseudonymise, generalise_geo...)
err-can-vin-needs-key = pseudonymise_can_vin needs a pseudonymisation key
err-can-vin-dbc-signals = VIN pseudonyms in CAN need a DBC that names the VIN signals
err-no-media-deid = no media de-identification for this file (format { $format })
err-bag-encoding = cannot rewrite { $topic }: encoding { $encoding }
err-bag-codec = no { $encoding } codec for { $name }
err-image-encode = cannot encode the de-identified image
err-video-codec = codec { $codec } is not a video codec

## command options (export, manifest, audit, approval)
err-workspace-no-signing-key = this workspace has no signing key yet, so it vouches for no manifest
hint-workspace-no-signing-key = run `carborder key generate --workspace WS`, or pass --key / --key-id
err-option-not-date = { $option }: '{ $value }' is not a date
hint-date-or-timestamp = write YYYY-MM-DD or an ISO timestamp
hint-write-date = write YYYY-MM-DD
err-scope-file-not-found = scope file not found
err-scope-not-mapping = a scope file is a mapping
hint-scope-keys = keys: purposes, activities, recipients, assets, content_kinds, pi_kinds, sensitive_kinds, individuals, sensitive_individuals, storage
err-unknown-flows = unknown flow(s) { $flows }
hint-flows = flows: { $flows }
hint-flows-none = flows: none
err-evidence-not-found = evidence file not found
err-scope-exclusive = --scope and --scope-from-flow exclude each other
hint-scope-exclusive = give the granted scope in a file, or take the flows as they are now
hint-carborder-approval-list = see `carborder approval list`
err-scope-exactly-one = give exactly one of --scope FILE and --scope-from-flow
hint-scope-exactly-one = the granted scope in a file, or the approval's flows as they are now
err-approval-in-inventory = approval '{ $approval }' is declared in inventory/approvals.yaml
hint-approval-scope-block = add a 'scope:' block to it there (keys: purposes, activities, recipients, assets, content_kinds, pi_kinds, sensitive_kinds, storage)

## decisions over the gateway's dates, and other commands
err-pack-no-period = the pack defines no { $param }
hint-pack-no-period = add the counting period of the thresholds to the pack's parameters
err-no-period-in-force = no counting period in force on { $day }: { $detail }
hint-date-pack-covers = decide on a date the pack covers
err-period-not-year = { $param } on { $day } is '{ $period }'; carborder counts people only over a '{ $year }' period
hint-period-not-year = the thresholds cannot be checked on this date: decide on a date whose counting period is one calendar year, or have the counts established by other means
err-no-pathway-rule = pack { $pack } has no pathway rule in force on { $day }{ $starts }
pathway-rules-from = { " " }(its rules apply from { $day })
hint-no-pathway-rule = decide on a date the pack covers; earlier law is not encoded in this pack
err-flows-storage-differ = the flows state different overseas storage; one approval records one
hint-flows-storage-differ = write the approved scope in a YAML file and pass --scope FILE
err-no-password = no password: set { $var } or run in a terminal
hint-no-password = or pass --no-password for a token-only program account
err-preview-write = cannot write the preview image
err-not-demo-dir = directory exists and is not a demo workspace
hint-empty-dir = pick an empty directory
param-no-value-before = parameter '{ $param }' has no value before { $first } (asked { $day })

## a bug (exit 3): the exception's own words are quoted detail
err-internal = internal error ({ $kind }{ $at }): { $detail }
err-internal-at = internal error ({ $kind } at { $at }): { $detail }
hint-internal = this is a bug in carborder; please report it with the command you ran
operator-param-problem = { $param }: { $detail }
err-mask-kinds = unknown kind(s) { $kinds }; known: { $known }
err-truncate-nothing = set at least one of start_m, end_m, start_min, end_min

## dates given on the command line
err-not-a-date = '{ $value }' is not a date; write YYYY-MM-DD, e.g. 2026-06-30
what-date-value = date '{ $value }'
hint-see-help = see `--help`
