# 网关一侧（导出、清单、密钥、存储、审计、去标识化）与输入安全层的错误信息。
# 库给出的原文（操作系统、pyarrow、编解码器）作为引用的细节原样保留，不翻译。

## 操作系统错误：发生了什么、该怎么做（$action 为读取或写入）
os-action-read = 读取
os-action-write = 写入
err-os-what = { $what }：{ $said }
os-enoent = 找不到
hint-os-enoent = 请检查路径（以及路径上的每一级文件夹是否存在）
os-eacces = 权限不足（{ $action }）
hint-os-eacces = 请给此用户{ $action }权限（`ls -l` 可查看属主和权限位），或以属主身份运行
os-eperm = 操作不被允许（{ $action }）
hint-os-eperm = 请给此用户{ $action }权限，或以属主身份运行
os-erofs = 文件系统为只读
hint-os-erofs = 请选择可写磁盘上的位置，或以读写方式重新挂载
os-enospc = 设备空间已满
os-edquot = 超出磁盘配额
hint-os-space = 请释放一些空间，或写到别处
os-eisdir = 这是一个目录，此处需要文件
hint-os-eisdir = 请指定其中的一个文件
os-enotdir = 路径中有一部分不是目录
hint-os-enotdir = 请检查路径：应为文件夹的位置是一个文件
os-eloop = 符号链接层数过多
hint-os-eloop = 请修正该符号链接
os-enametoolong = 路径过长
hint-os-enametoolong = 请使用较短的路径
os-eexist = 已存在
hint-os-eexist = 请换一个名称，或删除旧的
os-enotempty = 目录不为空
hint-os-enotempty = 请选择一个新的空目录
os-eio = 设备输入/输出错误
hint-os-eio = 磁盘或网络共享出现故障；请把文件复制到正常的磁盘后重试
os-enxio = 没有这个设备或地址
hint-os-enxio = 请指定一个普通文件
os-emfile = 打开的文件过多
hint-os-emfile = 请提高可打开文件数的上限（`ulimit -n`）
os-ebusy = 设备或资源正忙
os-etxtbsy = 文件正忙
hint-os-busy = 请等其他程序结束后重试
os-other = 系统报错：“{ $detail }”
hint-os-other = 请检查路径

## 文件在此处的用途
what-input-file = 输入文件
what-input = 输入
what-output-folder = 输出文件夹
what-output-parent = 输出所在的文件夹
what-folder = 文件夹
what-dbc-file = DBC 文件
what-anchor-file = 锚定文件
what-counter-key-file = 计数密钥文件
what-counter-key-marker = 计数密钥的标记文件
what-pseudonym-key-file = 假名化密钥文件
what-pseudonym-key-marker = 假名化密钥的标记文件
what-public-key-file = 公钥文件
what-signing-key = 签名密钥
what-sensitive-areas = 敏感区域文件
what-workspace-database = 工作区数据库
what-date = 日期

## 不是应有类型的文件
kind-directory = 目录
kind-char-device = 字符设备（如 /dev/zero）
kind-block-device = 块设备
kind-fifo = 命名管道（FIFO）
kind-socket = 套接字
kind-other = 非普通文件
kind-file = 文件
err-not-regular-file = { $what }是{ $kind }，不是普通文件
hint-not-regular-file = carborder 只读取普通文件；请先把数据复制到一个文件中
err-file-too-large = { $what }超过 { $mib } MiB，这是 carborder 在此处读取的上限
hint-file-too-large = 请拆分成较小的文件，或确认这是正确的文件
err-not-directory = { $what }是{ $kind }，不是目录
hint-not-directory = 请指定一个目录
err-date-out-of-range = { $what }：{ $value } 超出 carborder 可计算的日期范围（{ $earliest } 至 { $latest }）
hint-date-out-of-range = 请给出此范围内的日期（期限会在其后数年内计算）
image-pixels = { $pixels } 像素
image-size = { $width } × { $height } 像素
err-image-too-large = 图像文件头声明的尺寸为 { $announced }，超出 carborder 解码的上限 { $limit } 像素（最长边 { $side }）
hint-image-too-large = 没有这么大的摄像头画面（文件头损坏或被恶意构造？）；请先缩小或切分图像再扫描
err-unreadable-file = 无法按 { $reader } 格式读取：内容已损坏、被截断或属于其他格式（“{ $detail }”）
hint-unreadable-file = 请确认文件完整（与来源比较大小或校验和；重新复制或重新导出），且文件扩展名与其实际格式（{ $reader }）相符

## 工作区数据库（可由使用者修复的驱动错误）
err-db-readonly = 工作区数据库对当前用户只读
hint-db-readonly = 请给此用户对数据库文件及其所在文件夹的写权限（`ls -l` 可查看属主和权限位；SQLite 会在旁边写 -wal/-shm 文件），或以属主身份运行
err-db-cannot-open = 无法打开工作区数据库（其所在文件夹不存在、只读，或当前用户无权访问）
hint-db-cannot-open = 请给此用户对数据库所在文件夹的读写权限，或以属主身份运行
err-db-locked = 工作区数据库一直被另一个进程锁定
hint-db-locked = 请等另一个 carborder 命令结束后重试
err-db-disk-io = 读写工作区数据库时磁盘出错
hint-db-disk-io = 请检查磁盘（及剩余空间）；把工作区复制到正常的磁盘
err-db-full = 工作区数据库已无可用空间
hint-db-full = 请在存放工作区的磁盘上释放一些空间
err-db-not-database = 工作区数据库文件不是 SQLite 数据库（已被覆盖或损坏）
hint-db-not-database = 请从备份恢复数据库
err-db-malformed = 工作区数据库文件已损坏
hint-db-malformed = 请从备份恢复数据库；之后 `carborder audit verify` 会指出哪些内容有变化
err-db-no-table = 工作区数据库已损坏：缺少一张表
hint-db-no-table = 请从备份恢复数据库；`carborder audit verify` 会指出还有哪些变化

## 导出的输入
value-none-paren = （无）
err-no-input-files = 没有输入文件
hint-no-input-files = 请传入表格或车辆数据文件（或包含它们的文件夹）
err-cannot-read-input = 无法读取输入：“{ $detail }”
err-unsupported-input-format = 不支持的输入格式“{ $suffix }”
hint-export-input-formats = 导出可读取表格（`.parquet`、`.csv`、`.tsv`、`.jsonl`、`.arrow`）和车辆数据文件（`.mcap`、`.bag`、rosbag2 文件夹、CAN 日志、图像、视频）
err-input-no-rows = 输入没有数据行，也没有可读取的表结构

## 导出结果（拒绝时写明规则和事实）
refused-decision = 拒绝导出：数据流“{ $flow }”的状态为“{ $status }”，路径为{ $pathway } —— 规则：「{ $rules }」{ $facts }{ $missing }。{ $summary }
refused-facts = ；事实：「{ $facts }」
refused-unknown-facts = ；未知事实：「{ $facts }」
refused-rescan = 拒绝导出：数据流“{ $flow }”去标识化后的输出经复扫，仍含计划承诺去除的内容：{ $broken }{ $second_pass }
refused-second-pass = （已用批量检测对 { $videos } 复做一遍）
second-pass-video = “{ $path }”（{ $frames } 帧）
rescan-leak = 文件“{ $file }”的列“{ $column }”仍有 { $count } 个原始“{ $kind }”
rescan-unreadable = 复扫无法读取“{ $file }”：{ $reason }
err-export-input-unscanned = 扫描无法读取“{ $file }”（共 { $count } 个输入未能读取）：{ $reason }；导出依据扫描得到的事实作决定，因此未作任何决定，也未写出任何内容
hint-export-input-unscanned = 运行 `carborder scan { $file }` 查看问题所在；若该文件在那里可以读取，请将此消息作为 carborder 的缺陷报告
broken-still-contains = “{ $fact }”仍含「{ $values }」
broken-still-true = “{ $fact }”仍为真
broken-precision = `geo.precision_m` 为 { $precision } 米，比承诺的 { $promised } 米更精细
broken-anonymised = 匿名化后的输出仍有“{ $fact }”：「{ $values }」
warn-not-counted = 本次导出涉及的个人不计入年度累计阈值（豁免「{ $exemptions }」；依据规则包的计数规则，此规则有争议：见其说明）

## 去标识化计划
op-kind-media = 适用于「{ $formats }」文件的媒体算子
op-kind-tabular = 表格算子
err-step-fits-no-input = 步骤“{ $op }”是{ $what }，不适用于任何输入：「{ $inputs }」
hint-tables-take-tabular = 表格使用表格算子（`drop`、`pseudonymise`、`generalise_geo` 等）
hint-vehicle-take-media = 车辆数据文件使用媒体算子：`blur_regions`、`drop_topics`、`drop_can_ids`、`generalise_geo` / `generalise_gnss`、`drop_gnss`（或 `drop` 的 `kinds [location]`），`pseudonymise_can_vin`
err-media-plan = 媒体去标识化计划无效：“{ $detail }”
err-asset-not-in-flow = 数据资产“{ $asset }”不属于数据流“{ $flow }”
hint-flow-assets = 该数据流的数据资产：「{ $assets }」
export-dry-run = 试运行：数据流“{ $flow }”可以导出（{ $summary }）
export-released = 已导出：数据流“{ $flow }”，{ $files } 个文件，{ $rows } { $unit }，决定 `{ $decision }`（路径{ $pathway }）
export-unchanged = 无变化：“{ $output }”已包含相同的导出（文件哈希一致）
unit-rows-messages = 行/消息
warn-duplicate-input = 输入“{ $path }”与“{ $first }”内容相同：只导出一次
warn-second-pass = 第二遍处理：复扫仍在 { $frames } 帧中发现人脸或车牌，已用批量检测重新处理“{ $path }”（共 { $passes } 遍）
warn-threshold-near = “{ $fact }”：今年已有 { $now } 人的数据出境；再做一次同样规模的导出（{ $last } 人）将达到阈值“{ $threshold }” = { $value }
err-output-exists = 输出目录已存在，且其中不是本次导出
hint-output-exists = 请另选一个 `--output`，或删除旧目录

## 导出中的车辆数据文件
not-exported-pointcloud = 点云没有去标识化算子
not-exported-map = 地图文件没有去标识化算子
not-exported-rosbag2-file = rosbag2 存储文件须随其文件夹（含 metadata.yaml 的那个）一起导出，请指定该文件夹
err-cannot-export-format = 无法导出“{ $format }”格式的输入：{ $why }
hint-exported-formats = 可导出 MCAP、ROS 1 包、rosbag2 文件夹、CAN 日志、图像、视频或表格
err-can-vin-needs-dbc = `pseudonymise_can_vin` 需要一个写明 VIN 信号的 DBC 文件
hint-can-vin-dbc = 请在计划步骤或 carborder.yaml 中给出 `dbc: [file.dbc]`
err-dbc-not-found = 找不到 DBC 文件：“{ $path }”

## 个人标识列与计划的覆盖范围
hint-joined = { $hints }
err-subject-no-table = `--subject` 指定的是列，但这些输入中没有表格
err-subject-not-everywhere = 个人标识列“{ $column }”并非每个输入都有
reach-missed-vehicle = “{ $file }”的“{ $column }”中有“{ $kind }”（{ $rows }）
reach-missed-column = “{ $file }”的列“{ $column }”中有“{ $kind }”（{ $rows } 行）
hint-reach-media-step = 车辆数据文件需要媒体步骤：`blur_regions`（人脸、车牌）、`pseudonymise_can_vin`（CAN 上的 VIN）
hint-reach-name-kind = 请写明类别（`kinds: [...]`），让该步骤覆盖每一列（包括自由文本），或为该列加一个步骤（例如 `mask_text`）
err-plan-misses = 计划要隐藏「{ $hidden }」，但没有覆盖扫描发现它们的每一处：{ $missed }

## 数据流、格式、锚定
err-unknown-flow = 未知的数据流“{ $flow }”
hint-inventory-flows = 清单中的数据流：「{ $flows }」
hint-inventory-flows-none = 清单中尚无数据流
err-unknown-output-format = 未知的输出格式“{ $choice }”
hint-choose-one-of = 请选择其一：「{ $choices }」
hint-anchor-file = 请传入 `carborder audit anchor` 写出的锚定文件，或某次导出的 manifest.json
err-anchor-chain-broken = 审计链未通过校验，不予锚定：{ $summary }
hint-anchor-chain-broken = 请先运行 `carborder audit verify` 并解决它报告的问题
err-anchor-not-json = 锚定文件不是 JSON
err-anchor-format = 既不是审计锚定文件，也不是 carborder 清单（格式未知）
err-anchor-no-head = 该文件没有记录审计链头
err-anchor-altered = 锚定文件不完整：其签名与内容不符
hint-anchor-altered = 请使用未被改动的锚定文件副本
err-anchor-untrusted = 锚定文件由密钥 `{ $key }` 签名，本工作区不信任该密钥
hint-anchor-untrusted = 请用写出该锚定文件的工作区来核对（其密钥或已轮换的旧密钥）

## 清单与签名密钥
detail-quoted = “{ $detail }”
manifest-not-carborder = 不是 carborder 清单（应有 `body`、`signature` 和 `files`）
manifest-files-not-entries = `files` 必须是由条目组成的列表
err-key-id-form = `--key-id` 的值“{ $text }”既不是密钥编号（16 位十六进制），也不是指纹（64 位十六进制）
hint-key-id-form = 请从签名方的 `carborder key show-id --workspace WS` 输出中复制
err-signing-key-pem = 签名密钥不是可读取的 PEM 私钥
hint-signing-key-restore = 请从备份恢复，或运行 `carborder key rotate --kind signing`
err-signing-key-not-ed25519 = 签名密钥不是 Ed25519 密钥
err-not-public-key = 不是 Ed25519 公钥（应为 PEM，或 32 字节的 base64）
hint-not-public-key = 请使用签名方 `carborder key show-id` 给出的 .pub.pem 文件

## 密钥
weak-key-short = 它短于 { $n } 字节
weak-key-one-char = 它由同一个字符重复组成
weak-key-pattern = 它重复一个 { $n } 个字符的模式
weak-key-few-chars = 它使用的不同字符少于 { $n } 个
weak-key-placeholder = 它是一个占位词
err-key-not-hex = { $what }不是十六进制
hint-key-restore-or-rotate = 请从备份恢复，或轮换密钥
err-key-weak = { $what }强度不足：{ $reason }
hint-key-rotate = 请轮换：`carborder key rotate --workspace WS --kind ...`
err-active-key-missing = `ACTIVE` 指定的密钥“{ $key }”不在该文件夹中
hint-active-key-missing = 已有的密钥编号：「{ $known }」；请恢复密钥文件或生成新密钥
hint-active-key-missing-none = 尚无密钥；请恢复密钥文件或生成新密钥
err-no-counter-key = 本工作区没有计数密钥
hint-key-generate-ws = 请运行 `carborder key generate --workspace WS`
err-no-active-counter-key = 没有生效的计数密钥
hint-key-generate = 请运行 `carborder key generate`
err-env-key-not-utf8 = `{ $var }` 含有不是 UTF-8 文本的字节
hint-env-key-not-utf8 = 请设为一个较长的随机文本值，例如 `export { $var }="$(openssl rand -hex 32)"`，或使用 `carborder key generate`
err-env-key-weak = `{ $var }` 不能用作密钥：{ $reason }
hint-env-key-weak = 请使用较长的随机值，例如 `export { $var }="$(openssl rand -hex 32)"`
err-no-pseudonym-key = 没有可用的假名化密钥
hint-no-pseudonym-key = 请运行 `carborder key generate --workspace WS`，或设置 `{ $var }`
err-pseudonym-key-not-found = 找不到假名化密钥“{ $key }”
hint-known-key-ids = 已有的密钥编号：「{ $known }」
hint-known-key-ids-none = 尚无密钥

## 存储：数据库、审批、导出运行
err-db-tables-missing = 工作区数据库已损坏：缺少表「{ $tables }」
hint-db-tables-missing = 请从备份恢复数据库；`carborder audit verify` 会报告还有哪些改动
err-db-schema-name = 无效的 PostgreSQL 模式名 { $schema }
err-db-url = 不支持的数据库 URL { $scheme }
hint-db-url = 请使用 `sqlite:///PATH` 或 `postgresql+psycopg://USER@HOST/DB`
err-approval-ends-before-issue = 审批“{ $approval }”：有效期截止日 { $until } 早于签发日 { $issued }
hint-approval-dates = 请检查两个日期（YYYY-MM-DD）；不写 `--valid-until` 则按规则包的有效期计算
err-approval-declared = 审批“{ $approval }”已在清单中声明（inventory/approvals.yaml）
hint-approval-declared = 请换一个编号；如需修改已声明的审批，请编辑清单
err-approval-exists = 审批“{ $approval }”已存在
hint-approval-exists = 请换一个编号，或先撤销旧的审批
err-no-approval = 没有审批“{ $approval }”
hint-approval-list = 见 `approval list`
err-approval-scope-recorded = 审批“{ $approval }”已记录了范围
hint-approval-scope-recorded = 已记录的范围不会被替换；如果审批不再适用，请撤销它并记录新的审批
err-no-export-run = 没有导出运行“{ $run }”

## 去标识化算子
err-columns-not-in-data = 数据中没有列「{ $columns }」
hint-columns-present = 现有的列：「{ $columns }」
err-operator-params-invalid = 算子“{ $op }”的参数无效：{ $problems }
hint-allowed-params = 允许的参数：「{ $params }」
col-want-timestamp = 时间戳或纪元整数
col-want-numeric = 数值
col-want-text = 文本
err-column-type = “{ $op }”：列“{ $column }”的类型为“{ $type }”，不是{ $wanted }
err-time-type = “{ $op }”：“{ $column }”的类型为“{ $type }”，不是时间
err-trip-not-in-order = “{ $op }”：同一行程的数据行没有按时间排序
hint-sort-trip = 请按“{ $trip }”、“{ $time }”对输入排序
err-no-column-selected = “{ $op }”：没有选中任何列
hint-columns-or-kinds = 请给出 `columns=[...]` 或 `kinds=[...]`
err-pseudonymise-needs-key = `pseudonymise` 需要一个密钥
hint-pseudonymise-key = 请设置 `$CARBORDER_PSEUDONYM_KEY` 或提供密钥文件
err-media-op-on-table = “{ $op }”是媒体算子（「{ $formats }」），不能用于表格
hint-tabular-inputs = 表格输入使用表格算子（`drop`、`pseudonymise`、`generalise_geo` 等）
err-can-vin-needs-key = `pseudonymise_can_vin` 需要一个假名化密钥
err-can-vin-dbc-signals = 为 CAN 中的 VIN 生成假名需要一个写明 VIN 信号的 DBC 文件
err-no-media-deid = 此文件没有媒体去标识化处理（格式“{ $format }”）
err-bag-encoding = 无法重写“{ $topic }”：编码为“{ $encoding }”
err-bag-codec = “{ $name }”没有“{ $encoding }”编解码器
err-image-encode = 无法编码去标识化后的图像
err-video-codec = 编解码器 { $codec } 不是视频编解码器

## 命令选项（导出、清单、审计、审批）
err-workspace-no-signing-key = 本工作区还没有签名密钥，因此不能为任何清单作保
hint-workspace-no-signing-key = 请运行 `carborder key generate --workspace WS`，或传入 `--key` / `--key-id`
err-option-not-date = `{ $option }`：“{ $value }”不是日期
hint-date-or-timestamp = 请写成 YYYY-MM-DD 或 ISO 时间戳
hint-write-date = 请写成 YYYY-MM-DD
err-scope-file-not-found = 找不到范围文件
err-scope-not-mapping = 范围文件应为映射
hint-scope-keys = 可用的键：`purposes`、`activities`、`recipients`、`assets`、`content_kinds`、`pi_kinds`、`sensitive_kinds`、`individuals`、`sensitive_individuals`、`storage`
err-unknown-flows = 未知的数据流「{ $flows }」
hint-flows = 数据流：「{ $flows }」
hint-flows-none = 尚无数据流
err-evidence-not-found = 找不到证明文件
err-scope-exclusive = `--scope` 与 `--scope-from-flow` 不能同时使用
hint-scope-exclusive = 请在文件中给出获批的范围，或按数据流的现状取用
hint-carborder-approval-list = 见 `carborder approval list`
err-scope-exactly-one = 请在 `--scope FILE` 和 `--scope-from-flow` 中恰好给出一个
hint-scope-exactly-one = 在文件中给出获批的范围，或按审批所涉数据流的现状取用
err-approval-in-inventory = 审批“{ $approval }”是在 inventory/approvals.yaml 中声明的
hint-approval-scope-block = 请在那里为它加一个 `scope:` 块（键：`purposes`、`activities`、`recipients`、`assets`、`content_kinds`、`pi_kinds`、`sensitive_kinds`、`storage`）

## 网关日期上的决定，及其他命令
err-pack-no-period = 规则包没有定义“{ $param }”
hint-pack-no-period = 请在规则包的参数中加上阈值的计数周期
err-no-period-in-force = { $day } 没有生效的计数周期：{ $detail }
hint-date-pack-covers = 请按规则包覆盖的日期作出决定
err-period-not-year = “{ $param }”在 { $day } 为“{ $period }”；carborder 只按“{ $year }”周期统计人数
hint-period-not-year = 此日期无法核对阈值：请按计数周期为一个日历年的日期作出决定，或通过其他方式确定人数
err-no-pathway-rule = 规则包“{ $pack }”在 { $day } 没有生效的路径规则{ $starts }
pathway-rules-from = （其规则自 { $day } 起适用）
hint-no-pathway-rule = 请按规则包覆盖的日期作出决定；更早的法律未编入此规则包
err-flows-storage-differ = 这些数据流写明的境外存储不同；一项审批只记录一种
hint-flows-storage-differ = 请把获批的范围写入一个 YAML 文件，并传入 `--scope FILE`
err-no-password = 没有密码：请设置 `{ $var }`，或在终端中运行
hint-no-password = 或传入 `--no-password`，创建只用令牌的程序账户
err-preview-write = 无法写出预览图像
err-not-demo-dir = 目录已存在，且不是演示工作区
hint-empty-dir = 请选择一个空目录
param-no-value-before = 参数“{ $param }”在 { $first } 之前没有取值（查询日期 { $day }）

## 缺陷（退出码 3）：异常原文作为引用的细节
err-internal = 内部错误（`{ $kind }`{ $at }）：“{ $detail }”
err-internal-at = 内部错误（`{ $kind }`，位于 `{ $at }`）：“{ $detail }”
hint-internal = 这是 carborder 的缺陷；请连同您运行的命令一起报告
operator-param-problem = “{ $param }”：{ $detail }
err-mask-kinds = 未知的类别「{ $kinds }」；已知类别：「{ $known }」
err-truncate-nothing = 请至少设置 `start_m`、`end_m`、`start_min`、`end_min` 之一

## 命令行中给出的日期
err-not-a-date = “{ $value }”不是日期；请写成 YYYY-MM-DD，例如 2026-06-30
what-date-value = 日期“{ $value }”
hint-see-help = 请查看 `--help`
