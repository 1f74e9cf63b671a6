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

## audit verify: what each problem means (its detail; identifiers such as run and approval ids stay as they are)
audit-kind-decision-unaudited = 决定无审计记录
audit-kind-table-missing = 数据表缺失
audit-detail-seq-deleted = 应为序号 { $expected }，实为 { $found }：此前有事件缺失
audit-detail-seq-inserted = 应为序号 { $expected }，实为 { $found }：序号重复
audit-detail-relinked = prev_hash 与上一事件的哈希值不符（此前有事件被删除、插入或调换顺序）
audit-detail-edited = 内容与其保存的哈希值不符
audit-detail-head = 保存的链头记为序号 { $head }，但最后一个事件的序号是 { $last }（链尾事件被删除或链头被改动）
audit-detail-output-manifest = { $path } 不是导出运行 { $run } 放行的清单（SHA-256 不符）
audit-detail-output-no-head = { $path }：文件中没有审计链头
audit-detail-output-altered = { $path }：锚点不完整，其签名与内容不符
audit-detail-output-untrusted = { $path }：锚点由密钥 { $key } 签名，本工作区不信任该密钥
audit-detail-anchor-mismatch = { $source ->
    [anchor] 锚点文件 { $ref }
    [manifest] 清单 { $ref }
   *[stored] 运行 { $ref } 的已存清单
} 记录序号 { $at } 的哈希值为 { $recorded }，审计链中为 { $holds }（审计链在此事件及之前被改写）
audit-detail-anchor-missing = { $source ->
    [anchor] 锚点文件 { $ref }
    [manifest] 清单 { $ref }
   *[stored] 运行 { $ref } 的已存清单
} 记录了序号 { $at }（哈希值 { $recorded }），但审计链止于序号 { $last } 或缺少该事件（事件被删除）
audit-detail-malformed = { $event } 事件缺少应有字段
audit-detail-counter-unaudited = 计数 { $counter } 没有 counters.updated 事件
audit-detail-counter-mismatch = 计数 { $counter } 记为 { $have } 人（版本 { $have_version }），其最后一个事件记为 { $want } 人（版本 { $want_version }），或其指纹不符
audit-detail-counter-missing = 计数 { $counter } 已被删除
audit-detail-run-missing = 已放行的导出运行 { $run } 已被删除
audit-detail-run-mismatch = 导出运行 { $run } 的状态为“{ $status }”，清单为 { $manifest }，其 export.released 事件记载的清单为 { $released }
audit-detail-manifest-missing = 导出运行 { $run } 的清单已被删除
audit-detail-manifest-mismatch = 导出运行 { $run } 保存的清单不是放行时的清单（事件 { $released }，记录 { $recorded }，内容 { $content }）
audit-detail-run-unaudited = 导出运行 { $run } 标记为已放行，但审计链中没有对应的 export.released 事件（事件被删除，或该行系伪造）
audit-detail-approval-unaudited = 审批 { $approval } 没有 approval.added 事件
audit-detail-approval-fields = 审批 { $approval }：{ $fields } 与其 approval.added 事件不符
audit-detail-approval-revoked = 审批 { $approval } 保存为{ $stored ->
    [revoked] 已撤销
   *[valid] 有效
}，但审计链记为{ $chain ->
    [revoked] 已撤销
   *[valid] 未撤销
}
audit-field-kind = 审批类型
audit-field-flows = 数据出境流
audit-field-issued = 签发日期
audit-field-valid_until = 有效期至
audit-field-evidence_sha256 = 证明材料的哈希值
audit-field-scope_sha256 = 审批范围的哈希值
audit-detail-approval-missing = 审批 { $approval } 已被删除
audit-detail-approval-scoped = 审批 { $approval } 的 approval.scoped 事件早于任何 approval.added 事件
audit-detail-decision-missing = 决定 { $decision } 已被删除
audit-detail-decision-mismatch = 决定 { $decision } 保存的输入不是审计链记录的输入
audit-detail-decision-unaudited = 决定 { $decision } 没有 decision.recorded 事件
audit-detail-table-missing = 数据库缺少数据表 { $tables }（已被删除）

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
