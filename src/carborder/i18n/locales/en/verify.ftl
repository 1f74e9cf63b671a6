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

## audit verify: what each problem means (its detail; identifiers such as run and approval ids stay as they are)
audit-kind-decision-unaudited = decision-unaudited
audit-kind-table-missing = table-missing
audit-detail-seq-deleted = expected seq { $expected }, found { $found }: events are missing before it
audit-detail-seq-inserted = expected seq { $expected }, found { $found }: duplicate seq
audit-detail-relinked = prev_hash does not match the previous event's hash (an event was deleted, inserted or reordered before this one)
audit-detail-edited = content does not match its stored hash
audit-detail-head = the stored head names seq { $head } but the last event is seq { $last } (events were removed from the end or the head was altered)
audit-detail-output-manifest = { $path } is not the manifest run { $run } released (SHA-256 differs)
audit-detail-output-no-head = { $path }: the file carries no audit chain head
audit-detail-output-altered = { $path }: anchor is not intact: its signature does not match its content
audit-detail-output-untrusted = { $path }: anchor was signed by key { $key }, which this workspace does not trust
audit-detail-anchor-mismatch = { $source ->
    [anchor] anchor { $ref }
    [manifest] manifest { $ref }
   *[stored] stored manifest of { $ref }
} recorded hash { $recorded } for seq { $at }, the chain holds { $holds } (the chain was rewritten up to this event)
audit-detail-anchor-missing = { $source ->
    [anchor] anchor { $ref }
    [manifest] manifest { $ref }
   *[stored] stored manifest of { $ref }
} recorded seq { $at } (hash { $recorded }), but the chain ends at seq { $last } or lacks it (events were removed)
audit-detail-malformed = { $event } event lacks its fields
audit-detail-counter-unaudited = counter { $counter } has no counters.updated event
audit-detail-counter-mismatch = counter { $counter } holds { $have } people (version { $have_version }), its last event says { $want } (version { $want_version }), or its fingerprints differ
audit-detail-counter-missing = counter { $counter } was deleted
audit-detail-run-missing = released run { $run } was deleted
audit-detail-run-mismatch = run { $run } is '{ $status }' with manifest { $manifest }, its export.released event names manifest { $released }
audit-detail-manifest-missing = the manifest of run { $run } was deleted
audit-detail-manifest-mismatch = the stored manifest of run { $run } is not the one released (event { $released }, recorded { $recorded }, content { $content })
audit-detail-run-unaudited = run { $run } is marked released but the chain has no export.released event for it (the event was removed, or the row was forged)
audit-detail-approval-unaudited = approval { $approval } has no approval.added event
audit-detail-approval-fields = approval { $approval }: { $fields } differ from its approval.added event
audit-detail-approval-revoked = approval { $approval } is stored { $stored ->
    [revoked] revoked
   *[valid] valid
} but the chain says { $chain ->
    [revoked] revoked
   *[valid] not revoked
}
audit-field-kind = kind
audit-field-flows = flows
audit-field-issued = issued
audit-field-valid_until = valid_until
audit-field-evidence_sha256 = evidence_sha256
audit-field-scope_sha256 = scope_sha256
audit-detail-approval-missing = approval { $approval } was deleted
audit-detail-approval-scoped = approval { $approval } has an approval.scoped event before any approval.added event
audit-detail-decision-missing = decision { $decision } was deleted
audit-detail-decision-mismatch = decision { $decision }'s stored input is not the one the chain recorded
audit-detail-decision-unaudited = decision { $decision } has no decision.recorded event
audit-detail-table-missing = table(s) { $tables } missing from the database (dropped)

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
