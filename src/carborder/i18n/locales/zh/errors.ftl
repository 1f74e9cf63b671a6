# 错误信息（带 Msg 的 CarborderError）。标识符在中文里用“…”括起；库（YAML 解析器、pydantic）
# 给出的原文作为引用的细节原样保留，不翻译。

## 文件与 YAML
what-yaml-file = YAML 文件
err-not-utf8 = { $what }不是 UTF-8 文本（偏移 { $offset } 处的字节 0x{ $byte }）
hint-not-utf8 = 请另存为 UTF-8（GBK/GB18030 编辑器都有“UTF-8”选项），或确认它不是二进制文件
err-yaml-char = YAML 中不允许出现字符 U+{ $code }
err-yaml-unreadable-char = 无法读取的字符：“{ $reason }”
hint-yaml-binary = 这看起来是二进制或已损坏的文件；请重新另存为 UTF-8 文本
err-yaml-tag = 不支持的 YAML 标签：“{ $problem }”
hint-yaml-tag = carborder 只读取普通 YAML（映射、列表、文本、数字、布尔值）；请删除“!”标签
err-yaml-malformed = YAML 格式错误：“{ $detail }”
hint-yaml-malformed = 请检查此行附近的缩进或引号（YAML 检查工具可指出位置）
hint-yaml-check = 请确认这是一个 YAML 文件
err-yaml-several = 应只有一个 YAML 文档，却有多个
err-yaml-duplicate-key = 键“{ $key }”重复（首次出现在第 { $first } 行）
hint-yaml-duplicate-key = 同一映射中每个键只能出现一次；请合并或重命名其中之一

## 字段校验（pydantic 原文作为引用的细节）
err-unknown-field = 未知字段“{ $field }”
hint-unknown-field = 请删除它，或对照文档检查拼写
err-missing-field = 缺少必填字段“{ $field }”
hint-missing-field = 请补上（此文件的结构见规则包文档）
err-invalid-value = 取值无效：“{ $detail }”（实际为 “{ $found }”）
hint-date-format = 日期请写成 YYYY-MM-DD，例如 2026-02-03
hint-listed-values = 请使用上面列出的取值之一
hint-value-form = 请修正取值的类型或形式（见 `--help` 或 `carborder init` 生成的带注释示例）
err-expected-mapping = 此处应为映射，实际为“{ $found }”

## 工作区与配置
err-config-empty = “{ $config }”为空：必须写明数据出境方（处理者）
err-config-no-handler = “{ $config }”未写明处理者（`handler.id`）：必须写明数据出境方
hint-config-handler = 请添加 `handler: {"{"}id: <稳定标识，例如 acme>, name: <法定名称>, type: oem{"}"}`（年度累计人数按 `handler.id` 分别计算；`carborder init` 会写好一份）
err-pack-dir-not-found = 找不到规则包目录
hint-pack-dir = 请给出包含 pack.yaml 的目录；内置规则包：「{ $packs }」
err-not-export-dir = 不是导出目录
err-dir-not-found = 找不到目录
hint-export-dir = 请传入 `carborder export` 的 `--output` 目录

## 清单
inv-kind-asset = 数据资产
inv-kind-flow = 数据流
err-top-not-mapping = 文件顶层应为映射
hint-top-keys = 请以这些键开头：「{ $keys }」
err-unknown-top-key = 未知的顶层键“{ $key }”
hint-allowed-keys = 允许的键：「{ $keys }」
err-unknown-approval-kind = 未知的审批类型“{ $kind }”
hint-approval-kinds = 可用类型：「{ $kinds }」
err-duplicate-id = { $kind }标识“{ $id }”重复
hint-unique-ids = 整个清单中的标识必须唯一
err-flow-unknown-asset = 数据流“{ $flow }”引用了未知的数据资产“{ $asset }”
hint-known-assets = 已有的数据资产：「{ $known }」
hint-known-assets-none = 尚无数据资产 —— 请在 `assets` 下添加
err-flow-unknown-recipient = 数据流“{ $flow }”引用了未知的接收方“{ $recipient }”
hint-known-recipients = 已有的接收方：「{ $known }」
hint-known-recipients-none = 尚无接收方 —— 请在 `recipients` 下添加
err-approval-unknown-flow = 审批“{ $approval }”引用了未知的数据流“{ $flow }”
hint-known-flows = 已有的数据流：「{ $known }」
hint-known-flows-none = 尚无数据流
err-unknown-fact = 未知事实“{ $name }”
hint-known-facts = 已知事实：「{ $known }」（见 `carborder rulebook facts`）
hint-known-facts-prefix = 同前缀的已知事实：「{ $known }」（见 `carborder rulebook facts`）
err-fact-type = 事实“{ $name }”应为{ $expected }，实际为 “{ $found }”
fact-type-bool = `true` 或 `false`
fact-type-int = 不小于 0 的整数
fact-type-float = 数字
fact-type-enum = 单个取值
fact-type-set = 取值列表
fact-type-text = 非空文本
fact-type-date = YYYY-MM-DD 格式的日期
hint-fact-meaning = { $meaning }
err-fact-value = “{ $value }”不是事实“{ $name }”的取值
hint-allowed-values = 允许的取值：「{ $allowed }」
err-unknown-scenario = 未知场景“{ $scenario }”
hint-scenarios = 可用场景：「{ $known }」
err-unknown-reported = 未知的报告/备案“{ $reported }”
hint-known-reported = 可用取值：「{ $known }」
err-deid-step-no-op = 去标识化步骤需要 `op`
hint-deid-step-example = 例如写 `{"{"}op: pseudonymise, kinds: [phone]{"}"}`；{ $operators }
err-unknown-operator = 未知的去标识化算子“{ $op }”
hint-operators = 可用算子：「{ $known }」（见 `carborder deid operators`）
hint-operators-guess = 是否想写“{ $guess }”？可用算子：「{ $known }」（见 `carborder deid operators`）
err-operator-param = 算子“{ $op }”参数无效：“{ $detail }”
err-operator-param-named = 算子“{ $op }”的参数“{ $param }”无效：“{ $detail }”
hint-operator-params = “{ $op }”的参数：「{ $params }」（见 `carborder deid operators`）
hint-operator-params-none = “{ $op }”没有参数（见 `carborder deid operators`）
