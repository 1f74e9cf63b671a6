# 网页（carborder serve）的文字。与命令行共用的词汇（状态、出境行为、置信度、审批状态、结果）
# 见 common.ftl；规则库标题取自规则库本身。
web-app-name = 数据出境合规
web-app-tagline = 汽车数据出境合规

web-nav-dashboard = 总览
web-nav-datamap = 数据地图
web-nav-flows = 出境流
web-nav-scans = 扫描
web-nav-approvals = 审批与备案
web-nav-exports = 出境导出
web-nav-filings = 申报材料
web-nav-audit = 审计日志
web-nav-rulebook = 规则库
web-nav-users = 用户

web-action-logout = 退出
web-action-filter = 筛选
web-action-back = 返回

web-common-all = 全部
web-common-none = 暂无
web-common-search = 搜索
web-common-more = 另有 { $n } 项

web-role-admin = 系统管理员
web-role-compliance_officer = 合规负责人
web-role-legal_reviewer = 法务审核
web-role-data_steward = 数据管理员
web-role-approver = 出境审批人
web-role-auditor = 审计员
web-role-viewer = 只读用户
web-role-service = 程序账号

web-confidence-help = 规则依据的可信程度：已核对原文、二手来源或未核实

web-rule-kind-parameter = 参数

web-job-queued = 排队中
web-job-running = 运行中
web-job-succeeded = 已完成
web-job-failed = 失败

web-jobs-by = 发起人
web-jobs-when = 时间
web-jobs-progress = 进度

web-error-title = 出错了
web-error-title-401 = 请先登录
web-error-title-403 = 无权执行此操作
web-error-title-404 = 未找到
web-error-title-409 = 当前状态不允许此操作
web-error-title-413 = 文件过大
web-error-title-415 = 文件类型不被接受
web-error-title-422 = 输入有误
web-error-title-429 = 尝试次数过多

web-login-title = 登录
web-login-intro = 使用管理员为您创建的账号登录。
web-login-name = 用户名
web-login-password = 密码
web-login-submit = 登录
web-login-failed = 用户名或密码错误。
web-login-throttled = 失败次数过多，请稍后再试。
web-login-expired = 登录表单已过期，请重试。

web-dashboard-title = 合规总览
web-dashboard-as_of = 按 { $date } 判定
web-dashboard-flows = 出境流
web-dashboard-important = 涉及（可能的）重要数据
web-dashboard-pending_exports = 待审批导出
web-dashboard-refused = 网关拒绝记录
web-dashboard-counters = { $year } 年累计出境个人信息人数与阈值
web-dashboard-counters_help = 自 1 月 1 日起累计（申报数 + 网关实际导出去重人数）；条形末端即阈值。
web-dashboard-no_thresholds = 规则库未设置人数阈值。
web-dashboard-by_status = 出境流状态
web-dashboard-by_pathway = 按出境路径
web-dashboard-deadlines = 即将到期的义务
web-dashboard-bucket-overdue = 已逾期
web-dashboard-bucket-30 = 30 天内
web-dashboard-bucket-60 = 31–60 天
web-dashboard-bucket-90 = 61–90 天

web-datamap-title = 数据地图：数据资产 → 出境流 → 境外接收方 → 国家/地区
web-datamap-country = 国家/地区
web-datamap-assets = 数据资产
web-datamap-flows = 出境流
web-datamap-recipients = 境外接收方
web-datamap-countries = 国家/地区
web-datamap-table = 连接列表
web-datamap-from = 从
web-datamap-to = 到
web-datamap-too_many = 共 { $n } 条出境流，超过图示上限 { $max }，请按国家或状态筛选。

web-flows-title = 出境流与判定
web-flows-flow = 出境流
web-flows-activity = 出境行为
web-flows-recipient = 境外接收方
web-flows-pathway = 出境路径
web-flows-status = 状态
web-flows-reasons = 决定性规则
web-flows-confidence = 可信度

web-flow-scenario = 业务场景
web-flow-pathway_title = 所需机制
web-flow-approval = 审批/备案
web-flow-valid_until = 有效期至 { $date }
web-flow-decided = 判定依据
web-flow-request_export = 申请导出
web-flow-reasons = 决定性规则及依据
web-flow-cites = 依据
web-flow-facts_read = 读取的事实
web-flow-important_data = 重要数据判定
web-flow-item = 目录条目
web-flow-asset = 数据资产
web-flow-result = 结果
web-flow-missing = 缺少的事实
web-flow-proxy = 代理标准
web-flow-exemptions = 豁免情形
web-flow-gates = 硬性关口
web-flow-gate_open = 已开启
web-flow-gate_closed = 未开启
web-flow-obligations = 义务与期限
web-flow-conditional = 如适用
web-flow-before_export = 出境前
web-flow-missing_facts = 需补充的事实
web-flow-facts = 事实及其来源
web-flow-plan = 去标识化方案
web-flow-no_plan = 未设置去标识化步骤。
web-flow-whatif_loading = 正在计算可减轻路径的最小方案…
web-flow-trace = 完整推理轨迹

web-trace-kind = 类型
web-trace-rule = 规则
web-trace-instrument = 法规与条款

web-plan-whatif = 假设分析：可减轻路径的最小方案
web-plan-steps = 追加步骤
web-plan-cost = 信息损失
web-plan-changed = 改变的事实
web-plan-none = 在 { $n } 种组合中没有能减轻此流的方案：决定它的事实不受任何算子影响。

web-fact-name = 事实
web-fact-value = 采用值
web-fact-source = 来源
web-fact-evidence = 证据（样本已遮蔽）
web-fact-source-declared = 人工申报
web-fact-source-detected = 扫描发现
web-fact-source-both = 申报 + 扫描
web-fact-conflict = 冲突
web-fact-declared = 申报
web-fact-detected = 扫描
web-fact-matches = { $n } 处命中
web-fact-unknown = 未知
web-fact-true = 是
web-fact-false = 否
web-fact-no_samples = 您的角色不显示证据样本。

web-asset-location = 存储位置
web-asset-flows = 所属出境流
web-asset-scan = 扫描
web-asset-scanned_at = 扫描于 { $at }
web-asset-sampled = 抽样
web-asset-not_scanned = 尚未扫描

web-scans-title = 数据扫描
web-scans-saved = 各数据资产的最近扫描
web-scans-when = 扫描时间
web-scans-files = 文件
web-scans-facts = 发现的事实
web-scans-errors = { $n } 个无法读取
web-scans-start = 发起扫描
web-scans-inputs = 工作区内的文件或目录（每行一个）
web-scans-available = 可用文件
web-scans-run = 开始扫描
web-scans-jobs = 扫描任务

web-approvals-title = 审批、备案与认证
web-approvals-reference = 编号
web-approvals-kind = 类型
web-approvals-flows = 覆盖的出境流
web-approvals-issued = 签发/备案日期
web-approvals-valid_until = 有效期至
web-approvals-evidence = 证明文件
web-approvals-evidence_help = PDF、PNG 或 JPEG，不超过 { $mib } MB
web-approvals-download = 下载
web-approvals-state = 状态
web-approvals-active = 有效
web-approvals-revoked = 已撤销
web-approvals-revoke = 撤销
web-approvals-reason = 原因
web-approvals-note = 备注
web-approvals-add = 登记审批/备案
web-approvals-submit = 登记
web-approvals-source-inventory = 清单文件
web-approvals-source-database = 数据库

web-exports-title = 出境导出（双人审批）
web-exports-intro = 导出须由申请人以外的人批准；批准后由出境网关判定、去标识化、复扫、签名并记入审计链。
web-exports-request = 申请导出
web-exports-inputs = 输入（工作区内路径，每行一个）
web-exports-purpose = 用途
web-exports-submit = 提交申请
web-exports-queue = 导出申请
web-exports-id = 编号
web-exports-requested_by = 申请人
web-exports-decided_by = 审批人
web-exports-runs = 网关运行记录（含命令行）
web-exports-run = 运行
web-exports-when = 时间
web-exports-reason = 原因
web-exports-note = 审批意见
web-exports-one = 导出申请 { $id }
web-exports-own_request = 这是您本人提交的申请，须由其他人审批。
web-exports-approve = 批准并运行
web-exports-deny = 拒绝
web-exports-gateway = 出境网关
web-exports-outcome = 结果
web-exports-file = 文件
web-exports-rows = 行数
web-exports-bytes = 字节
web-exports-ytd = { $fact } 本年累计 { $n }
web-exports-manifest = 签名清单
web-exports-decision = 判定
web-exports-signed_by = 签名密钥
web-exports-verify = 校验清单与签名

web-export_status-requested = 待审批
web-export_status-running = 运行中
web-export_status-released = 已放行
web-export_status-refused = 网关拒绝
web-export_status-failed = 失败
web-export_status-denied = 已拒绝

web-audit-title = 审计日志（哈希链）
web-audit-head = 共 { $seq } 条事件
web-audit-verify = 校验整条哈希链
web-audit-intact = 哈希链完整：已校验 { $n } 条事件。
web-audit-when = 时间 (UTC)
web-audit-event = 事件
web-audit-actor = 操作人
web-audit-payload = 内容
web-audit-hash = 哈希
web-audit-older = 更早的事件

web-rulebook-effective = { $date } 起施行
web-rulebook-kind = 类型
web-rulebook-cites = 依据
web-rulebook-as_written = 规则原文（规则库数据）

web-users-title = 用户与角色
web-users-name = 用户名
web-users-display_name = 显示名称
web-users-role = 角色
web-users-state = 状态
web-users-active = 启用
web-users-disabled = 已停用
web-users-token_only = 仅令牌
web-users-last_login = 最近登录
web-users-created = 创建
web-users-disable = 停用
web-users-add = 添加用户
web-users-password_help = 至少 10 个字符；留空则为仅令牌的程序账号
web-users-submit = 添加
web-users-tokens = API 令牌
web-users-token_id = 令牌编号
web-users-label = 用途
web-users-last_used = 最近使用
web-users-revoke = 撤销
web-users-issue = 签发令牌
web-users-token_once = 新令牌如下，仅显示这一次；服务器只保存其哈希。
