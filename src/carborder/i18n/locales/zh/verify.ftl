# 校验报告：导出清单（完整性、真实性）与审计链。

## manifest verify
manifest-integrity-ok = 完整性：通过 —— { $files } 个文件与清单一致（字节数、SHA-256 摘要、行数），签名对清单内所附密钥有效（{ $key }）
manifest-integrity-failed = 完整性：未通过
manifest-authenticity-none = 真实性：无法确认 —— 未提供受信任的密钥，而任何人都能用自己的密钥为清单签名
manifest-authenticity-none-hint = 请传入 `--workspace WS`、`--key FILE` 或 `--key-id FINGERPRINT`（签名方可用 `carborder key show-id` 公布）
manifest-authenticity-ok = 真实性：通过 —— 由密钥 { $key }（指纹 { $fingerprint }）签名，受信任的原因：{ $reason }
manifest-authenticity-failed = 真实性：未通过 —— 密钥 { $key }：{ $reason }
manifest-verified = 清单完整且真实：数据出境流 { $flow }，决定 { $decision }
manifest-not-intact = 清单不完整
manifest-not-trusted = 清单未通过校验：签名方不是受信任的密钥
manifest-problem-missing = 缺少 { $name }（导出不完整）
manifest-problem-unreadable = 无法读取 { $name }：{ $detail }
manifest-problem-format = 未知的清单格式 { $format }
manifest-problem-key-id = 签名中的密钥编号与其公钥不符
manifest-problem-signature = 签名校验失败：清单已被改动
manifest-problem-unsafe-path = 清单中有不安全的路径：{ $path }
manifest-problem-file-missing = { $path }：文件缺失
manifest-problem-mismatch = { $path }：{ $field } 实为 { $actual }，清单记载为 { $expected }
manifest-problem-unlisted = { $path }：未列入清单
trust-workspace-current = 它是工作区 { $arg } 当前的签名密钥
trust-workspace-retired = 它是工作区 { $arg } 已轮换停用的签名密钥
trust-pinned-fingerprint = 它与指定的指纹 { $arg } 相符
trust-pinned-key-id = 它与指定的密钥编号 { $arg } 相符
trust-key-file = 它是 { $arg } 中的密钥
trust-caller = 它是调用方信任的密钥
trust-none = 不是受信任的密钥之一（被他人重新签名，或提供了错误的密钥）
manifest-field-bytes = 字节数
manifest-field-sha256 = SHA-256 摘要
manifest-field-rows = 行数

## audit verify / anchor
audit-intact = 审计链完整：{ $events } 个事件，链头 { $head }
audit-intact-crossed = ；已交叉核对 { $crossed }
audit-checked-item = { $kind } { $n } 条
audit-broken = 审计链在第 { $seq } 号事件处断裂（{ $kind }）：{ $message }［共 { $n } 个问题］
audit-problem = 第 { $seq } 号事件（{ $kind }）：{ $message }
audit-recovered = 中断的导出运行 { $run }：{ $outcome }（已恢复）
audit-anchored = 已将第 { $seq } 号事件（哈希 { $head }）锚定到 { $path }
audit-kind-deleted = 事件缺失
audit-kind-inserted = 序号重复
audit-kind-relinked = 链接断开
audit-kind-edited = 内容被改
audit-kind-truncated = 链尾被截
audit-kind-head-mismatch = 链头不符
audit-kind-malformed = 事件残缺
audit-kind-output-manifest-mismatch = 导出清单不符
audit-kind-anchor-mismatch = 锚点不符
audit-kind-anchor-missing = 锚点缺失
audit-kind-counter-unaudited = 计数无审计记录
audit-kind-counter-mismatch = 计数不符
audit-kind-counter-missing = 计数被删
audit-kind-run-missing = 导出运行被删
audit-kind-run-mismatch = 导出运行不符
audit-kind-manifest-missing = 清单被删
audit-kind-manifest-mismatch = 清单不符
audit-kind-run-unaudited = 导出运行无审计记录
audit-kind-approval-unaudited = 审批无审计记录
audit-kind-approval-mismatch = 审批不符
audit-kind-approval-missing = 审批被删
audit-kind-decision-missing = 决定被删
audit-kind-decision-mismatch = 决定不符
audit-checked-counters = 计数
audit-checked-releases = 放行
audit-checked-manifests = 清单
audit-checked-approvals = 审批
audit-checked-decisions = 决定
audit-checked-anchors = 锚点
audit-checked-outputs = 导出输出

## key generate / rotate / show-id
key-title = 工作区密钥
key-col-kind = 类型
key-col-key-id = 密钥编号
key-col-fingerprint = 指纹（SHA-256）
key-col-status = 状态
key-col-note = 说明
key-kind-signing = 签名密钥
key-kind-pseudonym = 假名化密钥
key-kind-counter = 计数密钥
key-status-created = 已创建
key-status-present = 已存在
key-status-missing = 缺失
key-note-signing = 请将指纹（或公钥文件 .pub.pem）提供给校验您清单的人
key-note-signing-none = 尚无（首次导出时生成）
key-note-pseudonym = 密钥目录中有 { $n } 个假名化密钥
key-note-pseudonym-env = ；已设置 { $var }，优先使用它（密钥 { $key }）
key-note-counter = 用于年度累计人数所依据指纹的密钥
key-rotated = { $kind }已轮换：{ $old } → { $new }
key-none = （无）
key-public = 公开的签名公钥（{ $path }）：

## rulebook lint / diff
rulebook-lint-ok = 通过
rulebook-lint-counts = 规则 { $rules } 条，参数 { $parameters } 项，法律文件 { $instruments } 件，事实 { $facts } 个
rulebook-diff-none = 没有差异
