# 扫描、工作区、备案材料、规则包与网页的错误信息（带 Msg 的 CarborderError）。
# 标识符、路径、参数用反引号或“…”括起；库（pyarrow、cantools、FFmpeg……）给出的原文作为引用的细节原样保留。

## 扫描读取的数据文件
err-no-such-path = 文件或目录不存在
err-pattern-no-match = 没有文件与此通配模式匹配
err-file-not-found = 找不到文件
err-not-vehicle-file = carborder 无法读取此类车端文件
hint-vehicle-formats = 支持的格式：`.mcap`、`.bag`、`rosbag2` 文件夹、CAN 日志、图片、视频、`.pcd`/`.las`
err-reader-failed = 读取失败：“{ $detail }”
err-mcap-magic = 不是 MCAP 文件（文件头魔数不符）
err-mcap-corrupt = MCAP 文件被截断或已损坏（“{ $detail }”）
hint-mcap-recover = 请重新复制该文件，或用 `mcap recover` 修复
err-bag-unreadable = 无法读取 `bag` 文件：“{ $detail }”
err-bag-corrupt = `bag` 文件被截断或已损坏（“{ $detail }”）
err-video-unreadable = 无法读取的视频：“{ $detail }”
err-video-no-stream = 文件中没有视频流
err-video-corrupt = 视频已损坏或被截断：“{ $detail }”
err-image-unreadable = 无法读取图片：“{ $detail }”
err-image-undecodable = 无法解码的图片（已损坏或被截断？）
err-jpeg-truncated = JPEG 文件被截断（缺少图像结束标记）
hint-copy-again = 请从来源重新复制该文件
err-image-reencode = 无法将图片重新编码为 `{ $ext }`
err-dbc-invalid = 不是有效的 DBC 文件：“{ $detail }”
hint-dbc-invalid = 请传入该车型的 DBC（由 `BO_`/`SG_` 行组成的文本文件，例如来自 `opendbc`）；并确认它没有被截断或另存为其他格式
err-can-suffix = 未知的 CAN 日志扩展名“{ $suffix }”
can-suffix-none = （无）
hint-can-suffix = 请使用 `.log`（`candump -L`）、`.asc`、`.blf`、`.trc` 或 `.csv`，可用 `gzip` 压缩
err-can-corrupt = CAN 日志已损坏或被截断（“{ $detail }”）
err-blf-short = BLF 文件被截断：文件头记载 { $expected } 字节，实际只有 { $actual } 字节
err-blf-objects = BLF 文件已损坏或被截断：文件头记载 { $expected } 个对象，只读到 { $count } 个

## 敏感区域（GeoJSON）
err-areas-feature = 敏感区域：第 { $n } 个要素{ $problem }
areas-no-geometry = 没有几何对象（`geometry`）
areas-wrong-type = 的类型是“{ $type }”，不是 `Polygon` 或 `MultiPolygon`
areas-bad-coordinates = 的坐标格式错误（“{ $detail }”）
hint-areas-feature = 每个要素都需要 `Polygon` 或 `MultiPolygon` 几何，其环由 `[lon, lat]` 坐标组成；请检查 GIS 的导出结果
err-areas-not-geojson = 敏感区域必须是 GeoJSON：`FeatureCollection`、`Feature`，或单独的 `Polygon`/`MultiPolygon`
err-areas-not-json = 敏感区域文件不是 JSON：“{ $detail }”
err-areas-not-collection = 敏感区域必须是 GeoJSON `FeatureCollection`
hint-areas = 请从 GIS 中将这些区域导出为 GeoJSON（由多边形组成的 `FeatureCollection`）

## 扫描选项与执行器
err-sample-positive = 抽样行数必须是正数
err-unknown-runner = 未知的执行器“{ $name }”；可用：「{ $known }」
err-strict-skipped = 有 { $n } 个文件无法扫描：{ $listed }{ $more }
strict-skipped-file = “{ $path }”（{ $reason }）
strict-skipped-more = 等，另有 { $n } 个
hint-strict-skipped = 请删除或转换这些文件，或不加 `--strict` 扫描，让它们列为已跳过
err-ray-missing = `ray` 执行器需要 `Ray`，但尚未安装
hint-ray-missing = 请运行 `pip install 'carborder[ray]'`（或用 `--runner pool` 使用本机全部核心）
err-ray-connect = 无法连接到位于 `{ $address }` 的 `Ray` 集群：“{ $detail }”
hint-ray-connect = 请用 `ray start --head` 启动一个集群，并传入它打印的地址

## 视觉模型
err-weights-manifest = 无法读取模型权重清单：“{ $detail }”
hint-weights-reinstall = 请重新安装 carborder；安装包数据不完整或已损坏
err-weights-digest = 模型权重与记录的 SHA-256 不符（应为 `{ $expected }…`，{ $bytes } 字节；实际为 “{ $found }”，{ $size } 字节）
weights-other-size = 大小不同
hint-weights-digest = 请重新安装 carborder；切勿直接替换随附的模型权重
err-model-not-shipped = 此安装未随附模型文件“{ $name }”
hint-model-not-shipped = 请连同安装包数据重新安装 carborder，或传入自己的模型路径
err-onnx-not-found = 找不到 ONNX 模型
err-onnx-classes = ONNX 输出形状 `{ $shape }` 与声明的 { $n } 个类别不符
hint-onnx-classes = 请按模型训练时的顺序声明类别

## 已保存的扫描与工作区
err-asset-id-form = 数据资产标识“{ $id }”只能包含字母、数字、`_`、`-` 或 `.`
err-stored-scan = 已保存的扫描结果无法读取：“{ $detail }”
err-scan-result-unreadable = 扫描结果无法读取：“{ $detail }”
hint-rerun-scan = 请重新扫描
err-no-workspace = 此处没有 `{ $config }`
hint-no-workspace = 请运行 `carborder init { $root }`，或传入 `--workspace DIR`
err-no-inventory-dir = 缺少 `inventory/` 文件夹
hint-run-init = 请运行 `carborder init`
err-areas-file-missing = 找不到 `sensitive_areas` 文件
hint-areas-file-missing = 应位于 `{ $path }`；请修正路径，或设置 `sensitive_areas: null`
err-dbc-file-missing = 找不到 DBC 文件：`{ $name }`
hint-dbc-file-missing = 应位于 `{ $path }`；请修正路径，或将其从 `dbc` 中删除
err-config-exists = `{ $config }` 已存在
hint-config-exists = 请用 `--force` 覆盖，或换一个目录


## 扫描跳过的文件与警告
skip-reason = { $head }：{ $detail }
skip-empty-detail = 文件没有任何字节
skip-no-suffix = 文件没有扩展名，开头的字节也不符合任何读取器（可读取：「{ $known }」）
skip-no-reader = 没有读取 `{ $suffix }` 的读取器（可读取：「{ $known }」）
skip-os-detail = 系统报告：“{ $detail }”
warn-dbc-match = 此 DBC 只描述了日志中 { $all } 个帧 ID 里的 { $ids } 个（{ $id_rate }；占帧数的 { $frame_rate }）：它很可能属于另一车型或另一总线，信号、位置和 VIN 可能会漏检

## YAML 读取的上限
err-yaml-aliases = 一个文档中的别名（`*name`）超过 { $n } 个
hint-yaml-aliases = 请把取值直接写出；carborder 的文件几乎不需要别名
err-yaml-depth = 嵌套超过 { $n } 层
hint-yaml-depth = 请减少嵌套；carborder 的文件只需几层嵌套
err-yaml-digits = 数字超过 { $n } 位
hint-yaml-digits = carborder 的取值都不需要这么多位；如果它是标识符，请加引号
err-yaml-expanded-depth = 展开别名后嵌套超过 { $n } 层
hint-yaml-expanded-depth = 请删除使各部分相互嵌套的别名（`*name`）
err-yaml-expansion = 展开别名后文档超过 { $n } 个取值
hint-yaml-expansion = 请删除重复大段内容的别名（`*name`）
err-yaml-alias-cycle = 别名引用了包含它自身的映射或列表（循环引用）
hint-yaml-alias-cycle = 请用取值本身替换自引用的别名

## 清单与场景文件
err-invalid-value-said = { $said }（实际为 “{ $found }”）
err-inventory-invalid = 清单无效：“{ $detail }”
err-unknown-country = “{ $value }”不是 carborder 认识的国家或地区：请写 ISO 3166 代码（`DE`、`DEU`），或中文、英文国名（德国、`Germany`）
err-counters-year = 计数大于零时必须写明所计的公历年份，例如 `year: 2026`（年度累计自 1 月 1 日起重新计算）
err-duplicate-ids = 标识重复（“{ $kind }”）：「{ $ids }」
err-flow-unknown-assets = 数据流“{ $flow }”引用了未知的数据资产「{ $assets }」；已有的数据资产：「{ $known }」
err-flow-unknown-recipient-known = 数据流“{ $flow }”引用了未知的接收方“{ $recipient }”；已有的接收方：「{ $known }」
err-approval-unknown-flows = 审批“{ $approval }”引用了未知的数据流「{ $flows }」
err-must-be-list = “{ $key }”必须是列表
hint-must-be-list = 请写 `{ $key }:`，其下逐条写 `- id: ...`
err-key-twice = “{ $key }”出现了两次（另一处在 `{ $other }`）
err-facts-mapping = `facts` 必须是“事实名 → 取值”的映射
err-file-empty = 文件为空
hint-scenario-empty = 场景文件需要 `name`、`as_of`、`flows`……
err-missing-key = 缺少“{ $key }”
hint-scenario-head = 场景文件需要 `name` 和 `as_of`（YYYY-MM-DD）
err-expect-unknown-flow = `expect` 引用了未知的数据流“{ $flow }”
err-inventory-file-missing = 找不到清单文件

## 规则包（供编写规则包的人）
hint-pack-file-empty = 请删除它，或补上内容
err-pack-file-missing = 缺少 `{ $name }`
hint-pack-files = 规则包需要「{ $files }」
err-pack-unexpected-file = 规则包顶层出现了意外的文件
hint-pack-top-files = 顶层文件为「{ $files }」；规则放在「{ $folders }」中
err-pack-unknown-folder = 未知的文件夹“{ $folder }”
hint-pack-folders = 规则文件夹为「{ $folders }」
err-pack-id-place = 标识“{ $id }”与文件在规则包中的位置不符
hint-pack-id-place = 请设置 `id: { $dotted }`（标识即以点分隔的文件路径），或移动该文件
err-pack-duplicate-id = 标识“{ $id }”重复
err-pack-top-key = 顶层应只有一个键“{ $key }”
hint-pack-top-key = 请以 `{ $key }:` 开始此文件
err-pack-map = “{ $key }”必须是“标识 → 条目”的映射
err-pack-unknown-instrument = 引用了未知的法规文件“{ $id }”
hint-pack-instruments = 请把它加入 `instruments.yaml`，或使用以下之一：「{ $known }」
err-pack-not-pi-kind = “{ $kind }”不是 `pi.kinds` 的取值
hint-pack-pi-kinds = 请以 `pi.kinds` 的某个取值为文件命名：「{ $known }」
err-pack-not-sensitive-kind = “{ $value }”既不是 `pi.sensitive_kinds` 的取值，也不是 `false`
hint-pack-sensitive-kinds = `pi.sensitive_kinds`：「{ $known }」
err-unknown-parameter = 未知参数“{ $id }”
hint-rulebook-facts = 事实及其取值见 `carborder rulebook facts`
err-pack-replaced-by = `replaced_by` 引用了未知规则“{ $id }”
err-pack-not-exemption = “{ $id }”不是规则包中的豁免
hint-pack-exemptions = 豁免：「{ $known }」
err-pack-precedes = `precedes` 引用了“{ $id }”，它不是规则包中的义务
hint-pack-precedes = 请列出义务标识，例如 `obligations.declare_security_assessment`
err-pack-precedes-cycle = “{ $a }”与“{ $b }”互为前序
err-cond-keys = 未知的条件键“{ $keys }”；请使用 `all`/`any`/`not`，或 `fact` 加以下比较之一：「{ $comparisons }」
err-cond-one-comparison = 事实检验只能有一个比较，取自「{ $comparisons }」；实际为“{ $found }”
err-cond-param-mapping = 映射形式的取值必须是 `{"{"}param: <id>{"}"}`
err-cond-fact-value = “{ $value }”不是事实“{ $name }”的取值；允许的取值：「{ $allowed }」
err-cond-mapping = 条件必须是映射，实际为“{ $found }”
err-cond-alone = “{ $node }”在其映射中必须单独出现，实际为“{ $found }”
err-cond-list = “{ $node }”需要一个非空的条件列表
