# Verification reports: export manifests (integrity, authenticity) and the audit chain.

## manifest verify
manifest-integrity-ok = integrity:    OK — { $files } file(s) match the manifest (bytes, SHA-256, rows) and the signature is valid for the key inside it ({ $key })
manifest-integrity-failed = integrity:    FAILED
manifest-authenticity-none = authenticity: NOT ESTABLISHED — no trusted key was given, and anyone can sign a manifest with a key of their own
manifest-authenticity-none-hint = pass --workspace WS, --key FILE or --key-id FINGERPRINT (the signer publishes it with `carborder key show-id`)
manifest-authenticity-ok = authenticity: OK — signed by key { $key } (fingerprint { $fingerprint }), trusted because { $reason }
manifest-authenticity-failed = authenticity: FAILED — key { $key }: { $reason }
manifest-verified = manifest intact and authentic: flow { $flow }, decision { $decision }
manifest-not-intact = manifest NOT intact
manifest-not-trusted = manifest NOT verified: its signer is not a trusted key
manifest-problem-missing = { $name } missing (the export is incomplete)
manifest-problem-unreadable = { $name } unreadable: { $detail }
manifest-problem-format = unknown manifest format { $format }
manifest-problem-key-id = signature key id does not match its public key
manifest-problem-signature = signature does not verify: the manifest was altered
manifest-problem-unsafe-path = unsafe path in manifest: { $path }
manifest-problem-file-missing = { $path }: missing
manifest-problem-mismatch = { $path }: { $field } is { $actual }, manifest says { $expected }
manifest-problem-unlisted = { $path }: not listed in the manifest
trust-workspace-current = it is the current signing key of workspace { $arg }
trust-workspace-retired = it is a retired (rotated) signing key of workspace { $arg }
trust-pinned-fingerprint = it matches the pinned fingerprint { $arg }
trust-pinned-key-id = it matches the pinned key id { $arg }
trust-key-file = it is the key in { $arg }
trust-caller = it is the key the caller trusts
trust-none = not one of the trusted keys (re-signed by someone else, or the wrong key given)
manifest-field-bytes = bytes
manifest-field-sha256 = sha256
manifest-field-rows = rows

## audit verify / anchor
audit-intact = audit chain intact: { $events } events, head { $head }
audit-intact-crossed = ; cross-checked { $crossed }
audit-checked-item = { $n } { $kind }
audit-broken = audit chain BROKEN at seq { $seq } ({ $kind }): { $message } [{ $n } problem(s)]
audit-problem = seq { $seq } ({ $kind }): { $message }
audit-recovered = interrupted export run { $run }: { $outcome } (recovered)
audit-anchored = anchored seq { $seq } (hash { $head }) in { $path }
audit-kind-deleted = deleted
audit-kind-inserted = inserted
audit-kind-relinked = relinked
audit-kind-edited = edited
audit-kind-truncated = truncated
audit-kind-head-mismatch = head-mismatch
audit-kind-malformed = malformed
audit-kind-output-manifest-mismatch = output-manifest-mismatch
audit-kind-anchor-mismatch = anchor-mismatch
audit-kind-anchor-missing = anchor-missing
audit-kind-counter-unaudited = counter-unaudited
audit-kind-counter-mismatch = counter-mismatch
audit-kind-counter-missing = counter-missing
audit-kind-run-missing = run-missing
audit-kind-run-mismatch = run-mismatch
audit-kind-manifest-missing = manifest-missing
audit-kind-manifest-mismatch = manifest-mismatch
audit-kind-run-unaudited = run-unaudited
audit-kind-approval-unaudited = approval-unaudited
audit-kind-approval-mismatch = approval-mismatch
audit-kind-approval-missing = approval-missing
audit-kind-decision-missing = decision-missing
audit-kind-decision-mismatch = decision-mismatch
audit-checked-counters = counters
audit-checked-releases = releases
audit-checked-manifests = manifests
audit-checked-approvals = approvals
audit-checked-decisions = decisions
audit-checked-anchors = anchors
audit-checked-outputs = outputs

## key generate / rotate / show-id
key-title = Workspace keys
key-col-kind = kind
key-col-key-id = key id
key-col-fingerprint = fingerprint (SHA-256)
key-col-status = status
key-col-note = note
key-kind-signing = signing
key-kind-pseudonym = pseudonym
key-kind-counter = counter
key-status-created = created
key-status-present = present
key-status-missing = missing
key-note-signing = publish the fingerprint (or the .pub.pem) to whoever verifies your manifests
key-note-signing-none = none yet (made on the first export)
key-note-pseudonym = { $n } key(s) in the folder
key-note-pseudonym-env = ; { $var } is set and takes precedence (key { $key })
key-note-counter = keys the fingerprints behind year-to-date head-counts
key-rotated = { $kind } key rotated: { $old } → { $new }
key-none = (none)
key-public = public signing key ({ $path }):

## rulebook lint / diff
rulebook-lint-ok = ok
rulebook-lint-counts = { $rules } rules, { $parameters } parameters, { $instruments } instruments, { $facts } facts
rulebook-diff-none = no differences
