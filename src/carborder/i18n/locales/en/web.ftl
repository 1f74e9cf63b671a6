# The web pages (carborder serve). Vocabulary shared with the CLI (statuses, activities,
# confidence, approval status, results) comes from common.ftl; pack titles from the pack.
web-app-name = Cross-border data compliance
web-app-tagline = vehicle data export compliance

web-nav-dashboard = Dashboard
web-nav-datamap = Data map
web-nav-flows = Flows
web-nav-scans = Scans
web-nav-approvals = Approvals
web-nav-exports = Exports
web-nav-filings = Filings
web-nav-audit = Audit log
web-nav-rulebook = Rulebook
web-nav-users = Users

web-action-logout = Sign out
web-action-filter = Filter
web-action-back = Back

web-common-all = All
web-common-none = None
web-common-search = Search
web-common-more = { $n } more

web-role-admin = Administrator
web-role-compliance_officer = Compliance officer
web-role-legal_reviewer = Legal reviewer
web-role-data_steward = Data steward
web-role-approver = Approver
web-role-auditor = Auditor
web-role-viewer = Viewer
web-role-service = Service (program)

web-confidence-help = How sure the rule is: read in the source, reported by a secondary source, or unverified

web-rule-kind-parameter = Parameter

web-job-queued = Queued
web-job-running = Running
web-job-succeeded = Done
web-job-failed = Failed

web-jobs-by = By
web-jobs-when = When
web-jobs-progress = Progress

web-error-title = Something went wrong
web-error-title-401 = Please sign in
web-error-title-403 = Not allowed
web-error-title-404 = Not found
web-error-title-409 = Not possible in this state
web-error-title-413 = File too large
web-error-title-415 = File type not accepted
web-error-title-422 = Please check the input
web-error-title-429 = Too many attempts

web-login-title = Sign in
web-login-intro = Sign in with the account an administrator created for you.
web-login-name = User name
web-login-password = Password
web-login-submit = Sign in
web-login-failed = Wrong user name or password.
web-login-throttled = Too many failed sign-ins; please try again later.
web-login-expired = The sign-in form expired; please try again.

web-dashboard-title = Compliance overview
web-dashboard-as_of = Decisions as of { $date }
web-dashboard-flows = flows
web-dashboard-important = carry (possible) important data
web-dashboard-pending_exports = exports awaiting approval
web-dashboard-refused = gateway refusals
web-dashboard-counters = People whose data left in { $year }, against each threshold
web-dashboard-counters_help = Counted since 1 January (declared + distinct people the gateway released); each bar ends at its threshold.
web-dashboard-no_thresholds = The rulebook sets no head-count thresholds.
web-dashboard-by_status = Flows by status
web-dashboard-by_pathway = By pathway
web-dashboard-deadlines = Deadlines
web-dashboard-bucket-overdue = Overdue
web-dashboard-bucket-30 = Within 30 days
web-dashboard-bucket-60 = 31–60 days
web-dashboard-bucket-90 = 61–90 days

web-datamap-title = Data map: assets → flows → recipients → countries
web-datamap-country = Country
web-datamap-assets = Assets
web-datamap-flows = Flows
web-datamap-recipients = Recipients
web-datamap-countries = Countries
web-datamap-table = Connections
web-datamap-from = From
web-datamap-to = To
web-datamap-too_many = { $n } flows are more than the map draws ({ $max }); filter by country or status.

web-flows-title = Flows and decisions
web-flows-flow = Flow
web-flows-activity = Activity
web-flows-recipient = Recipient
web-flows-pathway = Pathway
web-flows-status = Status
web-flows-reasons = Determining rules
web-flows-confidence = Confidence

web-flow-scenario = Scenario
web-flow-pathway_title = Mechanism needed
web-flow-approval = Approval
web-flow-valid_until = valid until { $date }
web-flow-decided = Decided
web-flow-request_export = Request an export
web-flow-reasons = Rules that determined it, with citations
web-flow-cites = Cites
web-flow-facts_read = Facts read
web-flow-important_data = Important data
web-flow-item = Catalogue item
web-flow-asset = Asset
web-flow-result = Result
web-flow-missing = Facts needed
web-flow-proxy = proxy criteria
web-flow-exemptions = Exemptions considered
web-flow-gates = Hard gates
web-flow-gate_open = open
web-flow-gate_closed = closed
web-flow-obligations = Obligations and deadlines
web-flow-conditional = if applicable
web-flow-before_export = before export
web-flow-missing_facts = Facts needed
web-flow-facts = Facts and where they came from
web-flow-plan = De-identification plan
web-flow-no_plan = No de-identification steps.
web-flow-whatif_loading = Finding the smallest plan that lightens the flow…
web-flow-trace = Full trace

web-trace-kind = Kind
web-trace-rule = Rule
web-trace-instrument = Instrument and article

web-plan-whatif = What-if: the smallest plans that lighten the flow
web-plan-steps = Extra steps
web-plan-cost = Cost
web-plan-changed = Facts changed
web-plan-none = None of { $n } plans tried lightens this flow: no operator changes the facts that decide it.

web-fact-name = Fact
web-fact-value = Value used
web-fact-source = Source
web-fact-evidence = Evidence (samples masked)
web-fact-source-declared = declared
web-fact-source-detected = detected
web-fact-source-both = declared + detected
web-fact-conflict = conflict
web-fact-declared = declared
web-fact-detected = detected
web-fact-matches = { $n } matches
web-fact-unknown = unknown
web-fact-true = yes
web-fact-false = no
web-fact-no_samples = Your role does not show evidence samples.

web-asset-location = Location
web-asset-flows = Flows
web-asset-scan = Scan
web-asset-scanned_at = scanned { $at }
web-asset-sampled = sampled
web-asset-not_scanned = not scanned

web-scans-title = Scans
web-scans-saved = Latest scan of each asset
web-scans-when = Scanned
web-scans-files = Files
web-scans-facts = Facts found
web-scans-errors = { $n } unreadable
web-scans-start = Start a scan
web-scans-inputs = Files or folders inside the workspace (one per line)
web-scans-available = Files available
web-scans-run = Scan
web-scans-jobs = Scan jobs

web-approvals-title = Approvals held
web-approvals-reference = Reference
web-approvals-kind = Kind
web-approvals-flows = Flows covered
web-approvals-issued = Issued
web-approvals-valid_until = Valid until
web-approvals-evidence = Evidence
web-approvals-evidence_help = PDF, PNG or JPEG, at most { $mib } MiB
web-approvals-download = download
web-approvals-state = State
web-approvals-active = active
web-approvals-revoked = revoked
web-approvals-revoke = Revoke
web-approvals-reason = reason
web-approvals-note = Note
web-approvals-add = Record an approval
web-approvals-submit = Record
web-approvals-source-inventory = inventory file
web-approvals-source-database = database

web-exports-title = Exports (four eyes)
web-exports-intro = An export must be approved by someone other than its requester; then the gateway decides, de-identifies, re-scans, signs and records it in the audit chain.
web-exports-request = Request an export
web-exports-inputs = Inputs (paths inside the workspace, one per line)
web-exports-purpose = Purpose
web-exports-submit = Submit request
web-exports-queue = Export requests
web-exports-id = Request
web-exports-requested_by = Requested by
web-exports-decided_by = Decided by
web-exports-runs = Gateway runs (incl. command line)
web-exports-run = Run
web-exports-when = When
web-exports-reason = reason
web-exports-note = note
web-exports-one = Export request { $id }
web-exports-own_request = You requested this export; another person must approve it.
web-exports-approve = Approve and run
web-exports-deny = Deny
web-exports-gateway = Gateway
web-exports-outcome = Outcome
web-exports-file = File
web-exports-rows = Rows
web-exports-bytes = Bytes
web-exports-ytd = { $fact } this year: { $n }
web-exports-manifest = Signed manifest
web-exports-decision = Decision
web-exports-signed_by = Signed by
web-exports-verify = Verify manifest and signature

web-export_status-requested = awaiting approval
web-export_status-running = running
web-export_status-released = released
web-export_status-refused = refused by the gateway
web-export_status-failed = failed
web-export_status-denied = denied

web-audit-title = Audit log (hash chain)
web-audit-head = { $seq } events in the chain
web-audit-verify = Verify the whole chain
web-audit-intact = Audit chain intact: { $n } events verified.
web-audit-when = When (UTC)
web-audit-event = Event
web-audit-actor = Actor
web-audit-payload = Payload
web-audit-hash = Hash
web-audit-older = Older events

web-rulebook-effective = in force from { $date }
web-rulebook-kind = Kind
web-rulebook-cites = Citations
web-rulebook-as_written = The rule as written (pack data)

web-users-title = Users and roles
web-users-name = User
web-users-display_name = Display name
web-users-role = Role
web-users-state = State
web-users-active = active
web-users-disabled = disabled
web-users-token_only = token only
web-users-last_login = Last sign-in
web-users-created = Created
web-users-disable = Disable
web-users-add = Add a user
web-users-password_help = At least 10 characters; leave empty for a token-only program account
web-users-submit = Add
web-users-tokens = API tokens
web-users-token_id = Token
web-users-label = Label
web-users-last_used = Last used
web-users-revoke = Revoke
web-users-issue = Issue a token
web-users-token_once = The new token is shown this once; the server keeps only its hash.
