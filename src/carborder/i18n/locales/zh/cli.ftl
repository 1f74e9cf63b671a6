# 决定以外的命令输出：扫描、查看、导出、方案、审批、进度。

## 进度条（标准错误输出，仅在终端显示）
progress-scanning = 扫描中
progress-files = { $stage } { $done }/{ $total } 个文件
progress-records = { NUMBER($records) } 条记录
progress-eta = 剩余
progress-stage-scanned = 输入已扫描
progress-stage-decided = 已判定
progress-stage-written = 已去标识化并写出
progress-stage-rescanned = 输出已复扫
progress-stage-manifest = 清单已签名
progress-stage-committed = 已原子落盘
progress-stage-counted = 计数已更新
progress-stage-rescanning = 复扫输出中

## 扫描
scan-facts-title = 检测到的事实
scan-col-fact = 事实
scan-col-value = 取值
scan-col-evidence = 证据（文件 · 列 · 检测器 · 命中数 · 置信度）
scan-example = 例如 { $examples }
scan-more = … 另有 { $n } 条
scan-files-title = 文件
scan-col-path = 路径
scan-col-reader = 读取器
scan-col-records = 记录数（{ $units }）
scan-col-channels = 通道数（{ $units }）
scan-col-bytes = 字节
scan-col-status = 状态
scan-status-ok = 已读取
scan-status-error = 出错
scan-status-skipped = 已跳过
skip-reason-unsupported-format = 格式不支持
skip-reason-empty = 空文件
skip-reason-unreadable = 无法读取
scan-skipped = 跳过 { $n } 个文件（{ $why }）；加 `--strict` 时跳过即报错
scan-assumed = { $value }（推定）
scan-note-crs = 坐标系
scan-note-interval = 采样间隔（秒）
scan-note-jitter = 定位抖动（米）
scan-note-area-points = 敏感区域内的点数
scan-note-areas = 命中的区域
scan-note-exact = 人数为精确计数
scan-note-identity = 身份标识种类
scan-summary = { $records }，{ $bytes } 字节，用时 { $seconds } 秒（{ $runner }）
scan-sampled = —— 抽样
scan-saved = 已保存 { $path }
scan-option-format = `--format` 只能是 `table` 或 `json`
scan-option-sample = `--sample N` 与 `--full` 只能选其一
scan-option-workspace = 使用 `--workspace` 时须用 `--asset` 指明扫描结果归属的资产
scan-option-runner = `--runner` 只能是 `local`、`pool` 或 `ray`
unit-rows = 行
unit-messages = 条消息
unit-can-frames = 个 CAN 帧
unit-images = 张图片
unit-frames = 帧
unit-columns = 列
unit-topics = 个话题
unit-can-ids-signals = 个 CAN 标识/信号
unit-streams = 路视频流
unit-count = { NUMBER($n) } { $unit }

## 查看车辆数据文件
inspect-title = { $file }（{ $format }，{ $count }）
inspect-col-channel-topic = 话题
inspect-col-channel-can = CAN 标识 / 信号
inspect-col-channel-stream = 视频流
channel-kind-gnss = 卫星定位
channel-kind-camera = 摄像头
channel-kind-pointcloud = 点云
channel-kind-map = 地图
channel-kind-text = 文本
channel-kind-speed = 车速
channel-kind-vin = 车辆识别代号
channel-kind-other = 其他
inspect-col-kind = 类别
inspect-col-type = 类型
inspect-col-messages = 消息数
inspect-col-frames = 帧数
inspect-col-found = 发现
inspect-facts = 事实：{ $facts }

## what inspect found in a channel (the "found" column)
found-separator = ；
found-trajectory = 轨迹 { $points } 个点，精度 { $precision } 米，覆盖 { $coverage } 平方千米
found-camera-cabin = 车内摄像头：{ $frames } 帧，{ $faces } 帧有人脸，{ $plates } 帧有车牌
found-camera-outside = 车外摄像头：{ $frames } 帧，{ $faces } 帧有人脸，{ $plates } 帧有车牌
found-pi = { $kind } ×{ $n }
found-range = 取值范围 { $low }–{ $high }
found-range-unit = 取值范围 { $low }–{ $high } { $unit }

## 导出
export-file-line = { $path }  { $rows }  { $bytes } 字节  { $sha }…
export-manifest = 清单：{ $path }
export-ytd = 本年累计，{ $counter }：{ NUMBER($n) }
counter-pi-individuals = 个人信息已出境的人数
counter-pi-sensitive_individuals = 敏感个人信息已出境的人数

## 去标识化方案
plan-now = 数据出境流 { $flow }：{ $pathway } / { $status }（依据：{ $reasons }）
plan-none = 最多增加 { $steps } 个步骤的方案都无法减轻该数据出境流（已尝试 { $tried } 种）；决定它的事实不受任何算子影响
plan-title = 能减轻该数据出境流的最小方案（代价 = 信息损失，0–1）
plan-col-pathway = 路径
plan-col-status = 状态
plan-col-steps = 增加的步骤
plan-col-cost = 代价
plan-col-changed = 改变的事实

## 新建工作区
init-wrote = 已写入 { $path }
init-next = 下一步：编辑 { $directory }/inventory/*.yaml，然后运行 `carborder assess --workspace { $directory }`

## 审批
approval-title = 审批与备案
approval-col-id = 编号
approval-col-kind = 种类
approval-col-flows = 数据出境流
approval-col-issued = 签发日期
approval-col-valid-until = 有效期至
approval-col-state = 今日状态
approval-col-source = 来源
approval-col-scope = 批准范围
approval-scope-none = 未记录
approval-scope-purposes = 目的
approval-scope-activities = 出境方式
approval-scope-recipients = 接收方
approval-scope-assets = 数据集
approval-scope-content_kinds = 数据内容种类
approval-scope-pi_kinds = 个人信息种类
approval-scope-sensitive_kinds = 敏感个人信息
approval-scope-storage = 境外存储
approval-scope-storage_period = 境外存储期限
approval-scope-storage-period = { $location }，{ $months } 个月
approval-valid-computed = { $date }（按规则包计算）
approval-valid-open = 无截止日期
approval-source-inventory = 清单文件
approval-source-database = 数据库
approval-recorded = 已记录审批 { $id }（{ $kind }，数据出境流 { $flows }）
approval-revoked-done = 已撤销审批 { $id }
approval-scoped = 已记录审批 { $id } 的批准范围：

serve-no-users = [yellow]尚无用户：[/]请用 `carborder user add NAME --role admin --workspace { $workspace }` 创建
serve-listening = carborder 正在为 { $root } 提供服务：http://{ $host }:{ $port }/
serve-api = 接口：http://{ $host }:{ $port }/api/v1（OpenAPI：/api/v1/openapi.json）
