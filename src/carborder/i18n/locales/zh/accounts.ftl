# 服务器的用户与 API 令牌（`carborder user …`、`carborder token …`）。

## user add / list / disable
user-added = 已添加用户 { $name }（{ $role }，{ $kind }）
user-kind-password = 可登录
user-kind-token-only = 仅限令牌
user-disabled-done = 已停用用户 { $name }
user-title = 用户
user-col-name = 登录名
user-col-role = 角色
user-col-state = 状态
user-col-password = 密码
user-col-last-login = 最近登录
user-col-created-by = 创建人
user-state-active = 启用
user-state-disabled = 已停用
user-password-yes = 有
user-password-token-only = 仅限令牌
user-password-prompt = 密码

## token create / list / revoke
token-created = 已为 { $user } 签发令牌 { $id }（{ $label }）；仅显示这一次，只保存其哈希值：
token-revoked-done = 已吊销令牌 { $id }
token-title = API 令牌
token-col-id = 编号
token-col-user = 用户
token-col-label = 用途
token-col-created = 创建时间
token-col-expires = 到期时间
token-col-last-used = 最近使用
token-col-state = 状态
token-state-active = 有效
token-state-revoked = 已吊销
token-state-expired = 已过期
