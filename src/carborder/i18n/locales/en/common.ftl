# Vocabulary shared by every rendering: CLI, web pages, reports. Ids are stable; the zh file
# has exactly the same ids and variables (a test checks).

list-separator = {", "}
value-yes = yes
value-no = no
value-unknown = unknown
value-none = none
disclaimer = carborder supports compliance work; it is not legal advice.

## Decision statuses
status-allowed = allowed
status-needs_approval = needs approval
status-blocked = blocked
status-needs_review = needs review

## Outbound activities
activity-transfer = transfer
activity-remote_access = remote access
activity-offshore_processing = offshore processing

## Rule confidence marks
confidence-source = source
confidence-secondary = secondary
confidence-unverified = unverified

## Whether the approval a pathway needs is held
approval-status-covered = covered
approval-status-expiring = expiring
approval-status-expired = expired
approval-status-missing = missing
approval-status-insufficient = insufficient
approval-status-not_required = not required
approval-status-revoked = revoked
approval-status-not_yet_valid = not yet valid
approval-status-changed = scope changed since approval
approval-status-unscoped = scope not recorded (does not cover the flow until it is)

## Results of a rule in a trace
result-true = true
result-false = false
result-unknown = unknown
result-na = n/a
item-result-matched = matched
item-result-unknown = unknown

## Kinds of rules in a trace
rule-kind-important_data = important data
rule-kind-review = review
rule-kind-gate = gate
rule-kind-exemption = exemption
rule-kind-pathway = pathway
rule-kind-obligation = obligation
rule-kind-threshold = threshold
rule-kind-sensitive_pi = sensitive-PI mapping
rule-kind-counting = counting

## Citations: "PIPL Art. 38"; the zh file renders article grammar ("Art. 7(1)-(2)")
cite = { $instrument } { $article }
cite-article = Art. { $n }
cite-paragraph = ({ $n })
cite-range = { $start }-{ $end }
cite-items = items { $list }
cite-part = Part { $n }
cite-exemption = exemption { $n }
cite-sector-type = automobile type { $n }
cite-annex = Annex { $n }
cite-part-separator = {", "}
cite-term-cabin-data = cabin data
cite-term-ota-filing = OTA filing
cite-term-list-semantics = list semantics
cite-term-reporting-duty = reporting duty
cite-term-extension-conditions = extension conditions
cite-term-certificate-validity = certificate validity
cite-term-notice-is-never-dispensed = notice is never dispensed
cite-term-consent-may-be-dispensed-where-another-lawful-basis-applies-notice-never = consent may be dispensed where another lawful basis applies; notice never
cite-term-r-d-design-scenario = R&D design scenario
cite-term-manufacturing-scenario = manufacturing scenario
cite-term-driving-automation-scenario = driving-automation scenario
cite-term-software-update-scenario = software-update scenario
cite-term-connected-operation-scenario = connected-operation scenario
cite-term-scope-of-the-list = scope of the list
cite-term-icv-scenarios = ICV scenarios
cite-term-list-semantics-automobile-field = list semantics; automobile field
cite-term-first-batch-intelligent-connected-vehicles = first batch (intelligent connected vehicles)

## Error output of every command
label-error = error
label-refused = refused
label-warning = warning
label-hint = hint
