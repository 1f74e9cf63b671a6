# Decisions as people read them: tables, explanations, deadlines (CLI and web pages).

colon = {": "}
clause-separator = {", "}
cite-separator = {"; "}

## Table columns
col-flow = Flow
col-activity = Activity
col-pathway = Pathway
col-status = Status
col-reasons = Reasons
col-confidence = Confidence
col-due = due
col-obligation = obligation

decision-summary = { $pathway } — status: { $status }
decision-summary-missing = ; facts needed: { $facts }
deadlines-title = Upcoming deadlines
deadline-window-opens = (window opens { $date })

## explain
explain-heading = Flow { $flow } ({ $activity })
explain-decision = Decision: { $summary }
explain-pathway = Pathway: { $pathway }
explain-confidence = Weakest rule confidence: { $confidence }
explain-reasons = Rules that determined it, with citations:
explain-cites = cites: { $cites }
explain-facts = facts: { $facts }
explain-parameter = parameter: { $name } = { $value }
explain-important = Important data:
explain-item-missing = (missing: { $facts })
explain-proxy = [proxy criteria]
explain-exemptions = Exemptions considered:
exemption-why-applied = all conditions hold
exemption-why-unknown = cannot be evaluated: missing { $facts }
exemption-why-not-met = conditions not met (read: { $facts })
explain-gates = Hard gates:
gate-result-true = applies
gate-result-unknown = may apply (facts missing)
gate-open = open (approval { $approval })
gate-closed = closed: needs { $requires }
gate-closed-no-approval = closed: no approval can open it
explain-approval = Approval: { $status }
explain-approval-until = (valid until { $date })
explain-scope-changes = Changes since the approved scope (each voids the approval until re-declared or re-filed):
explain-scope-change = { $approval }: { $dimension } { $found } — not in the approved { $approved }
explain-scope-change-unknown = { $approval }: { $dimension } not known now — approved { $approved } (a value nobody knows counts as a change)
explain-scope-change-no-storage = { $approval }: { $dimension } — the flow states none; approved { $approved }
explain-scope-change-period = { $approval }: { $dimension } { $found } months — longer than the approved { $approved } months
explain-unscoped = Approvals recorded without their scope (they cover no flow until it is recorded):
explain-unscoped-line = { $approval }: carborder approval scope { $approval } --scope FILE (the scope it was granted for) or --scope-from-flow (the flows as they leave now)
explain-obligations = Obligations and deadlines:
due-before-export = before export
obligation-conditional = [if applicable]
calendar-estimated = (estimated calendar)
explain-notes = Review notes:
explain-missing = Facts needed: { $facts }
explain-ytd-unknown = Year-to-date totals are unknown: these assets' people are not counted (every flow's thresholds read the totals):
explain-ytd-unknown-asset = [{ $asset }] declare { $fact } in the inventory, or scan the asset
explain-trace = Full trace:
trace-note-declared = declared
trace-note-out-of-scope = out of scope
trace-note-basis-exempted = basis { $basis } exempted
trace-note-settled = settled by the review of { $by } on { $date }
explain-reviews = Important-data reviews:
review-settles = reviewed as not important by { $by } on { $date }; settles { $items }
review-settles-nothing = reviewed as not important by { $by } on { $date }; no undecided item to settle
review-reopened = review by { $by } on { $date } reopened: { $items } match ({ $facts }); it settles nothing until a person reviews again
review-incomplete = a review flag without reviewer or date is not a recorded review: it settles nothing
review-after-decision-date = review by { $by } is dated { $date }, after the decision date: it settles nothing
trace-note-sensitive = { $kind } is sensitive PI ({ $category }) on this date
trace-note-not-sensitive = { $kind } alone is not sensitive PI on this date
trace-note-not-counted = people not counted toward the year-to-date thresholds: { $exemptions }
explain-footer = { $pack } · as of { $date } · decision { $id }
explain-evidence = Evidence from scans:
explain-conflict = conflict [{ $asset }] { $fact }: declared { $declared }, detected { $detected } → { $merged }
explain-evidence-line = [{ $asset }] { $fact } ← { $detector } v{ $version } { $where }, { $matches } matches, e.g. { $examples }
explain-evidence-line-plain = [{ $asset }] { $fact } ← { $detector } v{ $version } { $where }, { $matches } matches
trace-line = { $kind } { $rule } → { $result } ({ $confidence })
