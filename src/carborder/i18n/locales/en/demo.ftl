# `carborder demo`: the steps of the synthetic OEM and what each shows.

demo-step-workspace = 1 · sample workspace
demo-step-data = 2 · synthetic fleet data
demo-step-declared = 3 · assessment from declared facts
demo-step-scan = 4 · scan the data, assess again
demo-step-export = 5 · export gateway
demo-step-filing = 6 · filing pack of the standard-contract flow
demo-step-web = 7 · web dashboard
demo-workspace = workspace: { $path }
demo-title-declared = declared facts only
demo-title-detected = declared + detected facts
demo-changes-title = What the data changed
demo-changes-col-flow = flow
demo-changes-col-before = before
demo-changes-col-after = after
demo-changes-col-why = why
demo-explain-hint = explain any flow: carborder explain { $flow } --workspace { $directory }
demo-scanned = { "  " }scanned { $asset }: pi.kinds={ $kinds } sensitive={ $sensitive } individuals={ $individuals } errors={ $errors }
demo-approval-recorded = recorded approval { $id } ({ $kind }) for { $flow }
demo-vehicle-data = vehicle data: { $flow } ({ $files })
demo-dry-run = dry run of { $flow } with a plan not in the inventory: { $plan }
demo-web-start = start the web dashboard and REST API on this workspace:
demo-web-command = { "  " }.venv/bin/carborder serve --workspace { $path }
demo-web-open = then open { $url } and sign in as one of:
demo-web-password = { "  " }password: { $password }   (demo only; add your own with `carborder user add`)
