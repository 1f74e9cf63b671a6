# Help of every command and option (`carborder ... --help`), by command path:
# help-<path> is a command's help, its attributes the help of its parameters (by name),
# .epilog the text after the options; help-common holds options shared by many commands.

help-usage = Usage:{" "}
help-panel-arguments = Arguments
help-panel-options = Options
help-panel-commands = Commands
help-default = [default: {$value}]
help-required = [required]
help-deprecated = (deprecated)
help-envvar = [env var: {$name}]

help-common =
    .actor = Who acts, for the audit log (default: the OS user).
    .answers = YAML file with the human fields (field id: text).
    .as_of = Decide as of this date (YYYY-MM-DD); default: today.
    .flow = Flow id.
    .fmt = table for people, json for programs.
    .force = Draft documents the decision does not require (recorded).
    .formats = docx, pdf or all.
    .help = Show this message and exit.
    .install_completion = Install completion for the current shell.
    .lang = Language of human output: en or zh.
    .output = Folder to write (replaced whole).
    .pack_dir = Use this pack directory instead of the built-in/configured one.
    .quiet = No progress bar and no progress messages on stderr.
    .reference = Approval id.
    .show_completion = Show completion for the current shell, to copy it or customize the installation.
    .workspace = Workspace directory (holds carborder.yaml).

help-carborder =
    carborder — move vehicle data out of China lawfully, quickly and provably.

    rulebook (regulations as cited data) → inventory (assets, recipients, flows) → scan (facts
    from real data) → decide (pathway, obligations, deadlines, cited trace) → export gateway
    (de-identify, verify, sign, audit) → reports.

    Start with `carborder demo`, or `carborder init DIR` then `carborder assess --workspace DIR`.
    carborder supports compliance work; it is not legal advice. 本工具辅助合规工作，不构成法律意见。

    Help and output in Chinese: `carborder --lang zh COMMAND ...`, `carborder COMMAND --lang zh --help`,
    or set CARBORDER_LANG=zh for every command (a command's own --lang wins).
    .lang = Language of help and of every command's output: en or zh (default: $CARBORDER_LANG, else en).

help-decide =
    Decide every flow of scenario files and print pathway, status and reasons.

    A scenario holds a whole case: as_of, handler, assets (with facts), recipients, flows,
    counters and approvals. Example:

        carborder decide tests/scenarios/*.yaml --format json
    .files = Scenario YAML files.
    .trace = Include the full rule trace in JSON.

help-init = Create carborder.yaml and an inventory/ folder with commented examples.
    .directory = Directory to create the workspace in.
    .force = Overwrite existing files.

help-assess =
    Decide every flow of the workspace, using detected facts from saved scans.

    carborder assess --workspace my-ws --check
    .check = Exit 1 when any flow is not allowed (for CI).
    .trace = Include the rule trace in JSON.

help-explain =
    Explain one flow's decision: rules with articles, facts read, evidence from scans.

    carborder explain tsp_to_munich --workspace my-ws --lang zh
    carborder explain tsp_to_munich --workspace my-ws --format json   # decision with its trace

help-demo =
    Build a synthetic OEM (a dozen assets and flows across all five scenarios) and run it.

    Steps: write the workspace → generate fleet data (tables, MCAP drive log, CAN log) →
    assess from declared facts → scan the data → assess again (the data contradicts some
    declarations) → export one refused and one released flow → verify the audit chain.
    .directory = Where to create the demo workspace.
    .force = Replace an existing demo workspace.
    .skip_export = Stop after scanning.

help-scan =
    Scan data files and report the facts they establish, with evidence.

    Reads Parquet, CSV/TSV (GBK/GB18030 too), JSON Lines, Arrow, hive-partitioned folders, MCAP, ROS 1/2 bags, CAN logs (with --dbc to decode signals), images and video. Facts use the rulebook's names (`carborder rulebook facts`); evidence never shows raw values.

    Examples:
        carborder scan data/ --format json
        carborder scan trips.parquet --asset tsp_trips --workspace my-ws
        carborder scan big.parquet --sample 50000
        carborder scan capture.log --dbc vw_mqb.dbc
        carborder scan lake/ --runner pool
        carborder scan lake/ --ray-address 10.0.0.5:6379   # an existing Ray cluster
        carborder scan drives/ --strict                   # fail on files it cannot read
    .paths = Files, directories or glob patterns.
    .asset = Asset id the scan describes.
    .workspace = Workspace to save the scan in (needs --asset).
    .sample = Read at most N rows per file.
    .full = Read every row (the default).
    .fmt = table or json.
    .ray_address = Ray cluster address (implies --runner ray).
    .runner = local, pool or ray.
    .sensitive_areas = GeoJSON polygons to test positions against.
    .dbc = DBC file to decode CAN logs (repeatable; default: the workspace's dbc).
    .strict = Fail (exit 2) when a file would be skipped: unsupported format, empty, unreadable.

help-inspect =
    Show what each topic, camera or CAN signal of vehicle files holds, and the facts.

    Example:
        carborder inspect drive.mcap --format json
        carborder inspect capture.log.gz --dbc toyota_new_mc_pt.dbc
        carborder inspect frame.jpg --preview boxes.png
    .files = MCAP, bag, CAN log, image or video files.
    .preview = For an image: write a PNG showing what would be hidden (faces boxed, plates outlined by their four corners).
    .dbc = DBC file(s) to decode CAN logs (repeatable).
    .fmt = table or json.
    .frame_stride = Run face/plate detection on every n-th frame.

help-plan =
    Show the flow's pathway and the cheapest plan that lightens it.

    Plans are built from the operators' declared effects; the cheapest extra steps that move
    the flow to a lighter pathway (or out of blocked) are listed with their information cost.
    .max_steps = Most extra steps tried.

help-export =
    Release de-identified data for a flow, or refuse (exit 0 released, 1 refused, 2 bad input).

    Scans the inputs, decides as of today, applies the flow's plan, re-scans the output,
    then moves it into place atomically with a signed manifest.
    .flow = Flow id from the inventory.
    .inputs = Input file or folder (repeat); a rosbag2 folder is one input.
    .output = Output directory (new).
    .dry_run = Decide and check the plan; write nothing.
    .asset = Asset the inputs belong to (default: first).
    .subject = Column identifying individuals, for the counters.
    .output_format = Format of exported tables: keep (default: each table as it came — a GBK CSV stays a GBK CSV with its delimiter and quoting, Parquet stays Parquet), parquet, csv, tsv, jsonl or arrow. Vehicle files always keep their format.

help-serve =
    Serve the REST API (/api/v1, OpenAPI at /api/v1/openapi.json) and the web pages.

    Sign in with a user from `carborder user add`; programs use a token from
    `carborder token create`. Scans, exports and verifications run as background jobs.
    Put it behind a TLS proxy for anything but a loopback address.

    Examples:
        carborder user add li.wei --role compliance_officer --workspace my-ws
        carborder serve --workspace my-ws --port 8470
    .host = Address to listen on.
    .port = Port.
    .cookie_secure = Secure cookies: auto (all but plain HTTP on loopback), always, never.
    .job_workers = Background jobs run at once.
    .idle_minutes = Sign browsers out after this many minutes without a request.

help-rulebook = Inspect and check rulebook packs (the regulations as dated, cited YAML).

help-rulebook-lint = Load a pack strictly and report the first problem with file, line and remedy (exit 2).
    .directory = Pack directory (holds pack.yaml).

help-rulebook-show = Show one rule with its citations, in Chinese or English; --list shows every id.
    .rule_id = Rule, parameter or instrument id; 'pack' for the pack.
    .list_ids = List every id.

help-rulebook-facts = List the fact vocabulary: names, types, allowed values, and what an absent fact means.

help-rulebook-diff = What changed between two packs: rules and parameters added, removed or changed.
    .a = Old pack: built-in id or directory.
    .b = New pack: built-in id or directory.

help-deid = De-identification: the operators a flow's deid: plan can use.

help-deid-operators =
    List every operator: what it does and promises, its parameters and an example step.

    Steps go under a flow's `deid:` list in the inventory, e.g.

        deid:
          - {"{"}op: pseudonymise, kinds: \[phone, vin]{"}"}
          - {"{"}op: generalise_geo, precision_m: 1000{"}"}

    carborder deid operators --lang zh
    carborder deid operators --format json

help-approval = Approvals held: add, list, show, scope, revoke (stored and audited).

help-approval-add =
    Record an approval (its evidence file is hashed, not copied).

    Give its scope (--scope FILE or --scope-from-flow): an approval covers a flow only while
    the flow stays within what it was granted for; without a scope no change can be seen, so
    it covers nothing until the scope is recorded (`carborder approval scope REF ...`).
    .reference = Reference number (the approval id).
    .kind = security_assessment, standard_contract, certification or mnr_approval.
    .flows = Flow covered (repeat).
    .issued = Issue/filing date YYYY-MM-DD.
    .valid_until = Last valid day (default: pack rule).
    .evidence = Evidence file; its SHA-256 is kept.
    .note = Free text.
    .scope = YAML file with the scope it was granted for (purposes, activities, recipients, assets, content_kinds, pi_kinds, sensitive_kinds, storage).
    .scope_from_flow = Record the covered flows as they stand now (purpose, method, recipient, data sets, kinds, overseas storage) as the approved scope.

help-approval-list =
    List approvals from the database and the inventory, with validity and state.

    An approval without an explicit end date is valid for the period the pack gives its kind,
    counted from the issue date; the list shows that computed date, marked as such.

help-approval-show = Show one approval as JSON.

help-approval-scope =
    Record the scope an existing approval was granted for (once; audited).

    An approval recorded without its scope covers no flow: carborder cannot tell whether the
    flow has left it. Examples:

        carborder approval scope SCC-SH-2026-0142 --scope granted-scope.yaml
        carborder approval scope SCC-SH-2026-0142 --scope-from-flow

    Approvals declared in inventory/approvals.yaml take a ``scope:`` block there instead.
    .reference = Approval id (a stored approval).
    .scope = YAML file with the scope it was granted for, as the filing or the result states it (purposes, activities, recipients, assets, content_kinds, pi_kinds, sensitive_kinds, storage).
    .scope_from_flow = Record the approval's flows as they leave now (their plans applied) as the scope: only when they have not changed since it was granted.

help-approval-revoke = Mark an approval revoked (exports it covered are refused from now on).
    .reason = Why.

help-manifest = Export manifests: verify their integrity and who signed them.

help-manifest-verify =
    Check an export: integrity (every file, hash, row count, signature) and authenticity.

    Integrity alone proves nothing about who made the export (anyone can re-sign with a key
    of their own), so the signer must be a key you trust: your workspace's (--workspace),
    a public key file you received (--key), or a fingerprint you pinned (--key-id; the
    signer prints it with `carborder key show-id`). Exit 0 only when both hold; 1 otherwise.

    Examples:
        carborder manifest verify exports/crm --workspace my-ws
        carborder manifest verify received/ --key-id 1e3d99ec7d12f597…
    .directory = Export output directory.
    .workspace = Trust this workspace's signing keys (current and rotated).
    .keys = Trust this public key file (PEM or base64; repeat).
    .key_ids = Trust the key with this fingerprint (64 hex) or key id (16 hex; repeat).

help-audit = The audit chain: verify it, anchor it, export it.

help-audit-verify =
    Verify the chain, the tables against it and every anchor; exit 0 intact, 1 broken.

    Checks each event's hash and link; that counters, released runs, manifests, approvals and
    decisions are what the chain recorded; and that the chain still holds the head carried by
    every stored and released manifest and every --anchor file (a whole rewritten chain
    fails there). Releases interrupted after their commit point are finished first (their
    people counted, ``export.released`` appended), so every release is in the chain verified.

    Examples:
        carborder audit verify --workspace WS
        carborder audit verify --workspace WS --anchor ~/anchors/2026-11-27.json
    .anchor = An anchor file from `audit anchor`, or an export's manifest.json (repeatable): the chain must still hold the head it recorded.

help-audit-anchor =
    Write the chain head, signed with the workspace key, for you to keep elsewhere.

    Only a chain that verifies is anchored. Keep the file where whoever can write the
    database cannot (a ticket, a mail, a write-once share); `audit verify --anchor FILE`
    later proves the chain was not rewritten up to that head.

    Examples:
        carborder audit anchor --workspace WS -o anchors/$(date +%F).json
    .output = Write the anchor here (default: standard output).

help-audit-export = Write events as JSON Lines (one event per line, with their chain hashes).
    .since = Only events at or after this date (UTC).
    .output = Write here instead of stdout.

help-filing = Filing packs (zh documents to file, en convenience translations): build, check.

help-filing-build = Write the documents the flow's decision requires, filing.json and a signed ZIP.
    .flow = Flow id from the inventory.
    .lang = zh (fileable), en (unofficial translation) or both.
    .mechanism = standard_contract or certification (default: held approval, else first).
    .documents = Only this document kind (repeat).
    .epilog = { help-filing-epilog }

help-filing-annual-report = Write the annual automotive-data security report of the whole workspace.
    .year = Calendar year reported (due 15 December).
    .lang = zh (fileable), en (unofficial translation) or both.
    .epilog = { help-filing-epilog }

help-filing-check = Exit 0 when every required field is filled, 1 when not (listing them), 2 on bad input.
    .directory = A filing folder (holds filing.json).
    .lang = Language of the messages: en or zh.
    .epilog = { help-filing-epilog }

help-filing-templates = List document kinds, editions, sources and how their headings were checked.
    .lang = Language of the messages: en or zh.

help-key =
    The workspace's keys: generate, rotate, show their public ids.

    A workspace holds three keys in .carborder/keys (owner-only):

    - signing: signs export manifests and audit anchors; publish its fingerprint
      (`key show-id`) so recipients can run `manifest verify --key-id FINGERPRINT`.
    - pseudonym: makes pseudonyms (HMAC); $CARBORDER_PSEUDONYM_KEY overrides it.
    - counter: keys the fingerprints behind year-to-date head-counts.

    Secrets are never printed; only key ids and the public signing key.

help-key-generate =
    Create the workspace's missing keys (existing keys are kept, never replaced).

    Example:
        carborder key generate --workspace my-ws
    .kinds = signing, pseudonym or counter (repeat; default: all).

help-key-rotate =
    Replace one key with a new one (audited).

    - signing: manifests signed before stay verifiable with --workspace (the old public key
      is kept as retired); the old private key is destroyed.
    - pseudonym: new exports get new pseudonyms; old keys stay for the workspace's holder.
    - counter: counts are kept; a person exported both before and after the rotation may
      count twice this year (never fewer); the old secret is destroyed.

    Example:
        carborder key rotate --workspace my-ws --kind pseudonym
    .kind = Which key: signing, pseudonym or counter.

help-key-show-id =
    Show the key ids and the public signing key to publish (secrets are never shown).

    Recipients pin your manifests with the signing fingerprint:
        carborder manifest verify OUT --key-id <fingerprint>
    or with the public key file printed here (`--key FILE`).

help-user = Users of the server: add (with a role), list, disable. Roles: admin, compliance_officer, legal_reviewer, data_steward, approver, auditor, viewer, service.

help-user-add =
    Add a user; the password comes from $CARBORDER_PASSWORD or a prompt (asked twice).

    Examples:
        carborder user add li.wei --role compliance_officer --workspace my-ws
        CARBORDER_PASSWORD=... carborder user add ci --role service --workspace my-ws
        carborder user add pipeline --role service --no-password --workspace my-ws
    .name = Sign-in name (lower-case letters, digits, . _ -).
    .role = Role of the user.
    .display_name = Name shown on pages.
    .no_password = A program account: tokens only, no sign-in.

help-user-list = List users with role and state.

help-user-disable = Disable a user: sessions end now and its tokens stop working.
    .name = User to disable.

help-token = API tokens: programs send 'Authorization: Bearer TOKEN'. A token acts as its user.

help-token-create =
    Issue a token for a user; the token is printed once, as the last line.

    Only its SHA-256 is stored, so it cannot be shown again: keep it in your secret store.

    Example:
        TOKEN=$(carborder token create ci --workspace my-ws | tail -n 1)
        curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8470/api/v1/flows
    .name = User the token acts as.
    .label = What the token is for.
    .expires_days = Days until it expires.

help-token-list = List tokens (ids and owners, never the secrets); state is active, expired or revoked.

help-token-revoke = Revoke a token; the server refuses it from now on.
    .token_id = Token id (from `token list`).

help-filing-epilog =
    The decision chooses the documents: a security assessment gets the declaration, the
    self-assessment report and the outbound-link sheet (and the extension application when the
    approval is expiring); the standard contract gets the contract with Appendix 1, the PIPIA,
    the letter of commitment and the materials checklist; certification gets its PIPIA, scope
    statement and evidence index; important data adds the important-data catalogue filing.
    Auto fields carry their source in filing.json; human fields are marked 【待填写】 in red and
    listed in answers-template.yaml: fill it in and build again with --answers.

    Examples:
      carborder filing build crm_to_hq -w ws --output filings/crm --lang both
      carborder filing build crm_to_hq -w ws --output filings/crm --answers filings/crm/answers.yaml
      carborder filing check filings/crm --answers filings/crm/answers.yaml
      carborder filing annual-report -w ws --year 2026 --output filings/annual-2026

# Usage errors (click's own wording, for the catalogue's other languages to match)
usage-error-title = Error
usage-try-help = Try [blue]'{$command} {$option}'[/] for help.
usage-no-such-option = No such option: {$name}
usage-possible-options = (Possible options: {$names})
usage-missing-argument = Missing argument {$name}.
usage-missing-option = Missing option {$name}.
usage-missing-parameter = Missing parameter {$name}.
usage-invalid-value = Invalid value for {$name}: {$reason}
usage-needs-value = Option {$name} requires an argument.
usage-needs-values = Option {$name} requires {$n} arguments.
usage-takes-no-value = Option {$name} does not take a value.
usage-extra-arguments = Got unexpected extra argument(s) ({$args})
usage-no-such-command = No such command {$name}.
usage-no-such-command-suggest = No such command {$name}. Did you mean {$names}?
usage-missing-command = Missing command.
usage-not-one-of = {$value} is not one of {$choices}.
usage-not-integer = Input should be a valid integer
usage-not-number = Input should be a valid number
usage-not-boolean = Input should be a valid boolean
