# 决定的可读呈现：表格、解释、期限（命令行与网页共用）。

colon = ：
clause-separator = ，
cite-separator = ；

## 表格列
col-flow = 流
col-activity = 出境行为
col-pathway = 路径
col-status = 状态
col-reasons = 依据规则
col-confidence = 置信度
col-due = 到期日
col-obligation = 义务

decision-summary = { $pathway } —— 状态：{ $status }
decision-summary-missing = ；需补充事实：{ $facts }
deadlines-title = 即将到期的义务
deadline-window-opens = （{ $date } 起可办理）

## explain
explain-heading = 数据出境流 { $flow }（{ $activity }）
explain-decision = 结论：{ $summary }
explain-pathway = 路径：{ $pathway }
explain-confidence = 规则置信度（最弱）：{ $confidence }
explain-reasons = 决定性规则及依据：
explain-cites = 依据：{ $cites }
explain-facts = 事实：{ $facts }
explain-parameter = 参数：{ $name } = { $value }
explain-important = 重要数据判定：
explain-item-missing = （缺少事实：{ $facts }）
explain-proxy = [代理标准]
explain-exemptions = 豁免情形：
exemption-why-applied = 全部条件满足
exemption-why-unknown = 无法判定：缺少事实 { $facts }
exemption-why-not-met = 条件不满足（读取：{ $facts }）
explain-gates = 硬性关口：
gate-result-true = 适用
gate-result-unknown = 可能适用（事实不全）
gate-open = 已开启（审批 { $approval }）
gate-closed = 未开启：需取得{ $requires }
gate-closed-no-approval = 未开启：任何审批均不能开启
explain-approval = 审批状态：{ $status }
explain-approval-until = （有效期至 { $date }）
explain-scope-changes = 与批准范围相比的变化（每项变化都使该审批/备案失效，需重新申报或备案）：
explain-scope-change = { $approval }：{ $dimension } { $found } —— 不在批准的 { $approved } 之内
explain-scope-change-unknown = { $approval }：{ $dimension } 当前未知 —— 批准范围为 { $approved }（无人确认的值按变化处理）
explain-scope-change-no-storage = { $approval }：{ $dimension } —— 该流未说明；批准范围为 { $approved }
explain-scope-change-period = { $approval }：{ $dimension } { $found } 个月 —— 超过批准的 { $approved } 个月
explain-unscoped = 未记录批准范围的审批/备案（记录前不视为覆盖任何数据出境流）：
explain-unscoped-line = { $approval }：`carborder approval scope { $approval } --scope 文件`（批准时的范围）或 `--scope-from-flow`（各流当前出境时的状态）
explain-obligations = 义务与期限：
due-before-export = 出境前
obligation-conditional = [如适用]
calendar-estimated = （估算日历）
explain-notes = 复核提示：
explain-missing = 需补充的事实：{ $facts }
explain-ytd-unknown = 当年累计出境人数未知：以下资产的人数未计（所有流程的阈值判断均依赖累计人数）：
explain-ytd-unknown-asset = [{ $asset }] 请在清单中申报 { $fact }，或扫描该资产
explain-trace = 完整推理轨迹：
trace-note-declared = 已声明
trace-note-out-of-scope = 不在适用范围内
trace-note-basis-exempted = 依据 { $basis } 已豁免
trace-note-settled = 依据{ $by }于{ $date }的复核判定
explain-reviews = 重要数据人工复核：
review-settles = 经{ $by }于{ $date }复核不属于重要数据；据此判定：{ $items }
review-settles-nothing = 经{ $by }于{ $date }复核不属于重要数据；无待判定条目
review-reopened = { $by }于{ $date }的复核被推翻并重新打开：{ $items }命中（{ $facts }）；在重新复核前不作判定依据
review-incomplete = 复核标记缺少复核人或复核日期，不构成复核记录，不作判定依据
review-after-decision-date = { $by }的复核日期为{ $date }，晚于判定日期，不作判定依据
trace-note-sensitive = 该日 { $kind } 属于敏感个人信息（{ $category }）
trace-note-not-sensitive = 该日 { $kind } 单独不属于敏感个人信息
trace-note-not-counted = 不计入当年累计出境人数：{ $exemptions }
explain-footer = { $pack } · 截至 { $date } · 决定编号 { $id }
explain-evidence = 扫描证据：
explain-conflict = 冲突 [{ $asset }] { $fact }：声明 { $declared }，检测 { $detected } → 采用 { $merged }
explain-evidence-line = [{ $asset }] { $fact } ← 检测器 { $detector } v{ $version }，{ $where }，命中 { $matches } 处，示例 { $examples }
explain-evidence-line-plain = [{ $asset }] { $fact } ← 检测器 { $detector } v{ $version }，{ $where }，命中 { $matches } 处
trace-line = { $kind } { $rule } → { $result }（{ $confidence }）
