# Errors of scans, workspaces, filings, the rulebook and the web pages (CarborderError with a
# Msg). The English text is what carborder printed before the catalogue: keep it byte-identical.
# Library text (pyarrow, cantools, FFmpeg...) is a quoted variable, never translated.

## data files read by a scan
err-no-such-path = no such file or directory
err-pattern-no-match = pattern matches no file
err-file-not-found = file not found
err-not-vehicle-file = not a vehicle file carborder reads
hint-vehicle-formats = supported: .mcap, .bag, rosbag2 folders, CAN logs, images, video, .pcd/.las
err-reader-failed = { $detail }
err-mcap-magic = not an MCAP file (bad magic bytes)
err-mcap-corrupt = MCAP file is truncated or corrupt ({ $detail })
hint-mcap-recover = re-copy the file or recover it with `mcap recover`
err-bag-unreadable = cannot read bag: { $detail }
err-bag-corrupt = bag is truncated or corrupt ({ $detail })
err-video-unreadable = not a readable video: { $detail }
err-video-no-stream = file has no video stream
err-video-corrupt = video is corrupt or truncated: { $detail }
err-image-unreadable = cannot read image: { $detail }
err-image-undecodable = not a decodable image (corrupt or truncated?)
err-jpeg-truncated = JPEG is truncated (no end-of-image marker)
hint-copy-again = copy the file again from its source
err-image-reencode = cannot re-encode image as { $ext }
err-dbc-invalid = not a valid DBC file: { $detail }
hint-dbc-invalid = pass the vehicle's DBC (a text file of BO_/SG_ lines, e.g. from opendbc); check it was not cut off or saved as another format
err-can-suffix = unknown CAN log suffix { $suffix }
can-suffix-none = (none)
hint-can-suffix = use .log (candump -L), .asc, .blf, .trc or .csv, optionally gzipped
err-can-corrupt = CAN log is corrupt or truncated ({ $detail })
err-blf-short = BLF is truncated: header says { $expected } bytes, file has { $actual }
err-blf-objects = BLF is corrupt or truncated: header says { $expected } objects, read { $count }

## sensitive areas (GeoJSON)
err-areas-feature = sensitive areas: feature { $n } { $problem }
areas-no-geometry = has no geometry object
areas-wrong-type = is a { $type }, not a Polygon or MultiPolygon
areas-bad-coordinates = has malformed coordinates ({ $detail })
hint-areas-feature = each feature needs a Polygon or MultiPolygon geometry with rings of [lon, lat] positions; check the export from your GIS
err-areas-not-geojson = sensitive areas must be GeoJSON: a FeatureCollection, a Feature, or a bare Polygon or MultiPolygon
err-areas-not-json = sensitive areas are not JSON: { $detail }
err-areas-not-collection = sensitive areas must be a GeoJSON FeatureCollection
hint-areas = export the areas from your GIS as GeoJSON (a FeatureCollection of polygons)

## scan options and runners
err-sample-positive = sample must be a positive number of rows
err-unknown-runner = unknown runner '{ $name }'; use one of { $known }
err-strict-skipped = { $n } file(s) cannot be scanned: { $listed }{ $more }
strict-skipped-file = { $path } ({ $reason })
strict-skipped-more = { " " }and { $n } more
hint-strict-skipped = remove or convert them, or scan without --strict to list them as skipped
err-ray-missing = the ray runner needs Ray, which is not installed
hint-ray-missing = pip install 'carborder[ray]' (or use --runner pool for all local cores)
err-ray-connect = cannot connect to the Ray cluster at { $address }: { $detail }
hint-ray-connect = start one with `ray start --head` and pass the address it prints

## vision models
err-weights-manifest = the weights manifest cannot be read: { $detail }
hint-weights-reinstall = reinstall carborder; the package data is incomplete or damaged
err-weights-digest = model weights do not match their recorded SHA-256 (expected { $expected }…, { $bytes } bytes; found { $found }, { $size } bytes)
weights-other-size = a different size
hint-weights-digest = reinstall carborder; never replace shipped weights in place
err-model-not-shipped = model file '{ $name }' is not shipped with this installation
hint-model-not-shipped = reinstall carborder with its package data, or pass your own model path
err-onnx-not-found = ONNX model not found
err-onnx-classes = ONNX output shape { $shape } does not match { $n } declared classes
hint-onnx-classes = declare the classes in the order the model was trained with

## saved scans and the workspace
err-asset-id-form = asset id '{ $id }' must be letters, digits, '_', '-' or '.'
err-stored-scan = stored scan is unreadable: { $detail }
err-scan-result-unreadable = unreadable scan result: { $detail }
hint-rerun-scan = re-run the scan
err-no-workspace = no { $config } here
hint-no-workspace = run `carborder init { $root }` or pass --workspace DIR
err-no-inventory-dir = no inventory/ folder
hint-run-init = run `carborder init`
err-areas-file-missing = sensitive_areas file not found
hint-areas-file-missing = expected { $path }; fix the path or set sensitive_areas: null
err-dbc-file-missing = dbc file not found: { $name }
hint-dbc-file-missing = expected { $path }; fix the path or remove it from dbc
err-config-exists = { $config } already exists
hint-config-exists = use --force to overwrite, or pick another directory


## skipped files and warnings of a scan
skip-reason = { $head }: { $detail }
skip-empty-detail = the file has no bytes
skip-no-suffix = no file suffix and the first bytes match no reader (readers: { $known })
skip-no-reader = no reader for { $suffix } (readers: { $known })
skip-os-detail = { $detail }
warn-dbc-match = the DBC describes { $ids } of the { $all } frame ids in this log ({ $id_rate }; { $frame_rate } of the frames): it is probably for another vehicle or bus, so signals, positions and VINs may be missed

## bounds of the YAML reader
err-yaml-aliases = more than { $n } aliases (*name) in one document
hint-yaml-aliases = write the values out; carborder files need few or no aliases
err-yaml-depth = nested deeper than { $n } levels
hint-yaml-depth = flatten the structure; carborder files nest a few levels only
err-yaml-digits = a number with more than { $n } digits
hint-yaml-digits = no carborder value needs that many digits; quote it if it is an identifier
err-yaml-expanded-depth = nested deeper than { $n } levels once aliases are expanded
hint-yaml-expanded-depth = remove the aliases (*name) that nest parts inside each other
err-yaml-expansion = the document expands to more than { $n } values through its aliases
hint-yaml-expansion = remove the aliases (*name) that repeat large parts
err-yaml-alias-cycle = an alias refers to the mapping or list that contains it (a cycle)
hint-yaml-alias-cycle = replace the self-referencing alias by the value itself

## inventory and scenario files
err-invalid-value-said = { $said } (found { $found })
err-inventory-invalid = { $detail }
err-unknown-country = '{ $value }' is not a country carborder knows: write an ISO 3166 code (DE, DEU) or a country name in English or Chinese (Germany, 德国)
err-counters-year = counters above zero need the calendar year they count, e.g. 'year: 2026' (year-to-date counts restart on 1 January)
err-duplicate-ids = duplicate { $kind } id(s): { $ids }
err-flow-unknown-assets = flow '{ $flow }' names unknown asset(s) { $assets }; known assets: { $known }
err-flow-unknown-recipient-known = flow '{ $flow }' names unknown recipient '{ $recipient }'; known recipients: { $known }
err-approval-unknown-flows = approval '{ $approval }' names unknown flow(s) { $flows }
err-must-be-list = '{ $key }' must be a list
hint-must-be-list = write '{ $key }:' followed by '- id: ...' entries
err-key-twice = '{ $key }' is given twice (also in { $other })
err-facts-mapping = 'facts' must be a mapping of fact name → value
err-file-empty = file is empty
hint-scenario-empty = a scenario needs name, as_of, flows…
err-missing-key = missing '{ $key }'
hint-scenario-head = a scenario needs name and as_of (YYYY-MM-DD)
err-expect-unknown-flow = expect names unknown flow '{ $flow }'
err-inventory-file-missing = inventory file not found

## rulebook packs (for the people who write one)
hint-pack-file-empty = remove it or give it content
err-pack-file-missing = missing { $name }
hint-pack-files = a pack needs { $files }
err-pack-unexpected-file = unexpected file at the top of the pack
hint-pack-top-files = top-level files are { $files }; rules go in { $folders }
err-pack-unknown-folder = unknown folder '{ $folder }'
hint-pack-folders = rule folders are { $folders }
err-pack-id-place = id '{ $id }' does not match the file's place in the pack
hint-pack-id-place = set id: { $dotted } (ids are the file path with dots) or move the file
err-pack-duplicate-id = duplicate id '{ $id }'
err-pack-top-key = expected a single top-level key '{ $key }'
hint-pack-top-key = start the file with '{ $key }:'
err-pack-map = '{ $key }' must be a mapping of id → entry
err-pack-unknown-instrument = cites unknown instrument '{ $id }'
hint-pack-instruments = add it to instruments.yaml or use one of: { $known }
err-pack-not-pi-kind = '{ $kind }' is not a value of pi.kinds
hint-pack-pi-kinds = name the file after a pi.kinds value: { $known }
err-pack-not-sensitive-kind = '{ $value }' is neither a value of pi.sensitive_kinds nor false
hint-pack-sensitive-kinds = pi.sensitive_kinds: { $known }
err-unknown-parameter = unknown parameter '{ $id }'
hint-rulebook-facts = see `carborder rulebook facts` for facts and their values
err-pack-replaced-by = replaced_by names unknown rule '{ $id }'
err-pack-not-exemption = '{ $id }' is not an exemption of the pack
hint-pack-exemptions = exemptions: { $known }
err-pack-precedes = precedes names '{ $id }', which is not an obligation of the pack
hint-pack-precedes = list obligation ids, e.g. obligations.declare_security_assessment
err-pack-precedes-cycle = '{ $a }' and '{ $b }' precede each other
err-cond-keys = unknown condition keys { $keys }; use all/any/not or fact + one of { $comparisons }
err-cond-one-comparison = a fact test takes exactly one comparison of { $comparisons }; found { $found }
err-cond-param-mapping = a mapping value must be {"{"}param: <id>{"}"}
err-cond-fact-value = '{ $value }' is not a value of fact '{ $name }'; allowed: { $allowed }
err-cond-mapping = a condition must be a mapping, found { $found }
err-cond-alone = '{ $node }' must stand alone in its mapping, found { $found }
err-cond-list = '{ $node }' takes a non-empty list of conditions
