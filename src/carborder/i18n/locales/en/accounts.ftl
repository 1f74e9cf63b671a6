# Users and API tokens of the server (`carborder user …`, `carborder token …`).

## user add / list / disable
user-added = user { $name } added ({ $role }, { $kind })
user-kind-password = can sign in
user-kind-token-only = token-only
user-disabled-done = user { $name } disabled
user-title = Users
user-col-name = name
user-col-role = role
user-col-state = state
user-col-password = password
user-col-last-login = last sign-in
user-col-created-by = created by
user-state-active = active
user-state-disabled = disabled
user-password-yes = yes
user-password-token-only = token only
user-password-prompt = password

## token create / list / revoke
token-created = token { $id } for { $user } ({ $label }); shown once, stored only as a hash:
token-revoked-done = token { $id } revoked
token-title = API tokens
token-col-id = id
token-col-user = user
token-col-label = label
token-col-created = created
token-col-expires = expires
token-col-last-used = last used
token-col-state = state
token-state-active = active
token-state-revoked = revoked
token-state-expired = expired
