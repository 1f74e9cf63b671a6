# 各处渲染共用的词汇：命令行、网页、报告。与 en 文件的消息编号和变量完全一致（有测试检查）。

list-separator = 、
value-yes = 是
value-no = 否
value-unknown = 未知
value-none = 无
disclaimer = carborder 用于辅助合规工作，不构成法律意见。

## 决定状态
status-allowed = 允许出境
status-needs_approval = 需先取得审批或备案
status-blocked = 禁止出境（硬性关口未通过）
status-needs_review = 需人工复核

## 数据出境行为
activity-transfer = 向境外传输
activity-remote_access = 境外远程访问
activity-offshore_processing = 境外处理

## 规则置信度
confidence-source = 已核对原文
confidence-secondary = 二手资料
confidence-unverified = 未核实

## 路径所需审批的持有情况
approval-status-covered = 已取得且有效
approval-status-expiring = 即将到期
approval-status-expired = 已过期
approval-status-missing = 未取得
approval-status-insufficient = 种类不足
approval-status-not_required = 无需审批
approval-status-revoked = 已撤销
approval-status-not_yet_valid = 尚未生效
approval-status-changed = 批准后范围已变更（需重新申报或备案）
approval-status-unscoped = 未记录批准范围（记录前不视为覆盖本流）

## 推理轨迹中规则的结果
result-true = 成立
result-false = 不成立
result-unknown = 未知
result-na = 不适用
item-result-matched = 命中
item-result-unknown = 无法判定

## 推理轨迹中规则的类别
rule-kind-important_data = 重要数据
rule-kind-review = 复核
rule-kind-gate = 关口
rule-kind-exemption = 豁免
rule-kind-pathway = 路径
rule-kind-obligation = 义务
rule-kind-threshold = 阈值
rule-kind-sensitive_pi = 敏感个人信息对应
rule-kind-counting = 计数规则

## 引用：《个人信息保护法》第三十八条
cite = 《{ $instrument }》{ $article }
cite-article = 第{ $n }条
cite-paragraph = 第{ $n }款
cite-range = { $start }至{ $end }
cite-items = 第{ $list }项
cite-part = 第{ $n }部分
cite-exemption = 第{ $n }项豁免情形
cite-sector-type = 汽车领域第{ $n }类数据
cite-annex = 附录{ $n }
cite-part-separator = ，
cite-term-cabin-data = 座舱数据
cite-term-ota-filing = 在线升级备案
cite-term-list-semantics = 清单的适用规则
cite-term-reporting-duty = 报送义务
cite-term-extension-conditions = 延期条件
cite-term-certificate-validity = 证书有效期
cite-term-notice-is-never-dispensed = 告知义务不得免除
cite-term-consent-may-be-dispensed-where-another-lawful-basis-applies-notice-never = 有其他合法性基础时可免于取得同意，但告知义务不得免除
cite-term-r-d-design-scenario = 研发设计场景
cite-term-manufacturing-scenario = 生产制造场景
cite-term-driving-automation-scenario = 驾驶自动化场景
cite-term-software-update-scenario = 软件升级场景
cite-term-connected-operation-scenario = 网联运营场景
cite-term-scope-of-the-list = 清单适用范围
cite-term-icv-scenarios = 智能网联汽车场景
cite-term-list-semantics-automobile-field = 清单性质；汽车领域
cite-term-first-batch-intelligent-connected-vehicles = 第一批（智能网联汽车）

## 各命令的错误输出
label-error = 错误
label-refused = 拒绝
label-warning = 警告
label-hint = 提示
