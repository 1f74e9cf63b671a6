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
