# Error messages (CarborderError with a Msg): the English text is what carborder printed before
# the catalogue; keep it byte-identical. Identifiers are quoted with '…' in English and “…” in
# Chinese; text from a library (YAML parser, pydantic) is a quoted variable, never translated.

## files and YAML
what-yaml-file = YAML file
err-not-utf8 = { $what } is not UTF-8 text (byte 0x{ $byte } at offset { $offset })
hint-not-utf8 = save it as UTF-8 (GBK/GB18030 editors have a 'UTF-8' option), or check that it is not a binary file
err-yaml-char = character U+{ $code } is not allowed in YAML
err-yaml-unreadable-char = unreadable character: { $reason }
hint-yaml-binary = this looks like a binary or damaged file; save it again as UTF-8 text
err-yaml-tag = unsupported YAML tag: { $problem }
hint-yaml-tag = carborder reads plain YAML (mappings, lists, text, numbers, booleans); remove the '!' tag
err-yaml-malformed = malformed YAML: { $detail }
hint-yaml-malformed = fix the indentation or quoting near this line (a YAML linter shows the spot)
hint-yaml-check = check that this is a YAML file
err-yaml-several = expected one YAML document, found several
err-yaml-duplicate-key = duplicate key '{ $key }' (first at line { $first })
hint-yaml-duplicate-key = each key may appear once in a mapping; merge or rename one of them

## field validation (pydantic's own text is the quoted detail)
err-unknown-field = unknown field '{ $field }'
hint-unknown-field = remove it or check its spelling against the documented fields
err-missing-field = missing required field '{ $field }'
hint-missing-field = add it (see the pack documentation for the shape of this file)
err-invalid-value = { $detail } (found { $found })
hint-date-format = write dates as YYYY-MM-DD, e.g. 2026-02-03
hint-listed-values = use one of the values listed above
hint-value-form = fix the value's type or form (see `--help` or the commented examples of `carborder init`)
err-expected-mapping = expected a mapping, found { $found }

## workspace and configuration
err-config-empty = { $config } is empty: the exporting organisation must be named
err-config-no-handler = { $config } names no handler (handler.id): the exporting organisation must be named
hint-config-handler = add `handler: {"{"}id: <stable id, e.g. acme>, name: <legal name>, type: oem{"}"}` (year-to-date head-counts are kept per handler id; `carborder init` writes one)
err-pack-dir-not-found = pack directory not found
hint-pack-dir = give a directory holding pack.yaml; built-in packs: { $packs }
err-not-export-dir = not an export directory
err-dir-not-found = directory not found
hint-export-dir = pass the --output directory of `carborder export`

## inventory
inv-kind-asset = asset
inv-kind-flow = flow
err-top-not-mapping = expected a mapping at the top of the file
hint-top-keys = start with keys such as { $keys }
err-unknown-top-key = unknown top-level key '{ $key }'
hint-allowed-keys = allowed keys: { $keys }
err-unknown-approval-kind = unknown approval kind '{ $kind }'
hint-approval-kinds = kinds: { $kinds }
err-duplicate-id = duplicate { $kind } id '{ $id }'
hint-unique-ids = ids must be unique across the inventory
err-flow-unknown-asset = flow '{ $flow }' names unknown asset '{ $asset }'
hint-known-assets = known assets: { $known }
hint-known-assets-none = known assets: none — add it under 'assets'
err-flow-unknown-recipient = flow '{ $flow }' names unknown recipient '{ $recipient }'
hint-known-recipients = known recipients: { $known }
hint-known-recipients-none = known recipients: none — add it under 'recipients'
err-approval-unknown-flow = approval '{ $approval }' names unknown flow '{ $flow }'
hint-known-flows = known flows: { $known }
hint-known-flows-none = known flows: none
err-unknown-fact = unknown fact '{ $name }'
hint-known-facts = known facts: { $known } (see `carborder rulebook facts`)
hint-known-facts-prefix = known facts with that prefix: { $known } (see `carborder rulebook facts`)
err-fact-type = fact '{ $name }' must be { $expected }, found { $found }
fact-type-bool = true or false
fact-type-int = a whole number ≥ 0
fact-type-float = a number
fact-type-enum = one value
fact-type-set = a list of values
fact-type-text = a non-empty text
fact-type-date = a date written YYYY-MM-DD
hint-fact-meaning = { $meaning }
err-fact-value = '{ $value }' is not a value of fact '{ $name }'
hint-allowed-values = allowed: { $allowed }
err-unknown-scenario = unknown scenario '{ $scenario }'
hint-scenarios = scenarios: { $known }
err-unknown-reported = unknown report/filing '{ $reported }'
hint-known-reported = known: { $known }
err-deid-step-no-op = a de-identification step needs 'op'
hint-deid-step-example = write e.g. {"{"}op: pseudonymise, kinds: [phone]{"}"}; { $operators }
err-unknown-operator = unknown operator '{ $op }'
hint-operators = operators: { $known } (see `carborder deid operators`)
hint-operators-guess = did you mean '{ $guess }'? operators: { $known } (see `carborder deid operators`)
err-operator-param = operator '{ $op }': { $detail }
err-operator-param-named = operator '{ $op }': { $param }: { $detail }
hint-operator-params = parameters of { $op }: { $params } (see `carborder deid operators`)
hint-operator-params-none = parameters of { $op }: none (see `carborder deid operators`)
