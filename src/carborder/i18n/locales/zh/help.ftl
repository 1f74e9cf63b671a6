# 每个命令及选项的帮助（`carborder ... --help`），按命令路径组织：
# help-<路径> 为命令的帮助，其属性为各参数（按参数名）的帮助，.epilog 为选项之后的文字；
# help-common 为多个命令共用的选项。

help-usage = 用法：
help-panel-arguments = 参数
help-panel-options = 选项
help-panel-commands = 命令
help-default = [默认：{$value}]
help-required = [必填]
help-deprecated = （已弃用）
help-envvar = [环境变量：{$name}]

help-common =
    .actor = 执行者，记入审计日志（默认：操作系统用户）。
    .answers = 填写人工字段的 YAML 文件（字段 ID: 文本）。
    .as_of = 以该日期（YYYY-MM-DD）作出判定；默认：今天。
    .flow = 数据流 ID。
    .fmt = `table` 供人阅读，`json` 供程序读取。
    .force = 同时起草判定结果并未要求的文件（会被记录）。
    .formats = `docx`、`pdf` 或 `all`。
    .help = 显示本帮助并退出。
    .install_completion = 为当前 `shell` 安装命令补全。
    .lang = 人读输出的语言：`en` 或 `zh`。
    .output = 写入的文件夹（整体替换）。
    .pack_dir = 使用此规则包目录，替代内置或已配置的规则包。
    .quiet = 不显示进度条，也不在 `stderr` 输出进度信息。
    .reference = 审批编号。
    .show_completion = 显示当前 `shell` 的补全脚本，以便复制或自定义安装。
    .workspace = 工作区目录（含 carborder.yaml）。

help-carborder =
    carborder —— 合法、快速、可证明地将车辆数据移出中国。

    规则库（以带出处的数据表示的法规）→ 清单（资产、接收方、数据流）→ 扫描（从真实数据得出事实）
    → 判定（路径、义务、期限、附出处的推理轨迹）→ 出境网关（去标识化、校验、签名、审计）→ 报告。

    从 `carborder demo` 开始，或先 `carborder init DIR`，再 `carborder assess --workspace DIR`。
    本工具辅助合规工作，不构成法律意见。

    中文帮助与输出：`carborder --lang zh 命令 ...`、`carborder 命令 --lang zh --help`，
    或设置环境变量 CARBORDER_LANG=zh 作用于所有命令（命令自身的 --lang 优先）。
    .lang = 帮助及所有命令输出的语言：`en` 或 `zh`（默认：$CARBORDER_LANG，否则为 `en`）。


help-filing-epilog =
    由判定结果决定需要哪些文件：安全评估需要申报书、自评估报告和出境链路表（审批即将到期时另附延续申请）；
    标准合同需要含附录一的合同、个人信息保护影响评估（PIPIA）报告、承诺书和材料清单；认证需要其 PIPIA、
    范围说明和证据索引；涉及重要数据时另加重要数据目录备案。
    自动字段在 filing.json 中注明来源；人工字段以红色【待填写】标出，并列在 answers-template.yaml 中：
    填好后用 --answers 重新生成。

    示例：
      carborder filing build crm_to_hq -w ws --output filings/crm --lang both
      carborder filing build crm_to_hq -w ws --output filings/crm --answers filings/crm/answers.yaml
      carborder filing check filings/crm --answers filings/crm/answers.yaml
      carborder filing annual-report -w ws --year 2026 --output filings/annual-2026

help-scan =
    扫描数据文件，报告其所确立的事实及证据。

    可读取 Parquet、CSV/TSV（含 GBK/GB18030 编码）、`JSON Lines`、Arrow、按 `hive` 分区的文件夹、MCAP、ROS 1/2 数据包、CAN 日志（配合 --dbc 解码信号）、图片和视频。事实采用规则库中的名称（`carborder rulebook facts`）；证据中从不显示原始值。

    示例：
        carborder scan data/ --format json
        carborder scan trips.parquet --asset tsp_trips --workspace my-ws
        carborder scan big.parquet --sample 50000
        carborder scan capture.log --dbc vw_mqb.dbc
        carborder scan lake/ --runner pool
        carborder scan lake/ --ray-address 10.0.0.5:6379   # 已有的 Ray 集群
        carborder scan drives/ --strict                   # 有文件无法读取即失败
    .paths = 文件、目录或通配符模式。
    .asset = 本次扫描所描述的资产 ID。
    .workspace = 保存扫描结果的工作区（需同时给出 --asset）。
    .sample = 每个文件最多读取 N 行。
    .full = 读取全部行（默认）。
    .fmt = `table` 或 `json`。
    .ray_address = Ray 集群地址（即 `--runner ray`）。
    .runner = `local`、`pool` 或 `ray`。
    .sensitive_areas = 用于检验位置的 GeoJSON 多边形。
    .dbc = 用于解码 CAN 日志的 DBC 文件（可重复；默认：工作区配置的 DBC）。
    .strict = 有文件将被跳过（格式不支持、为空、无法读取）时失败（退出码 2）。

help-decide =
    对场景文件中的每条数据流作出判定，输出出境路径、状态和理由。

    一个场景包含完整案例：as_of、处理者、资产（含事实）、接收方、数据流、计数器和审批。示例：

        carborder decide tests/scenarios/*.yaml --format json
    .files = 场景 YAML 文件。
    .trace = 在 JSON 中包含完整的规则推理轨迹。

help-init = 创建 carborder.yaml 和一个带注释示例的 inventory/ 文件夹。
    .directory = 创建工作区的目录。
    .force = 覆盖已有文件。

help-assess =
    对工作区的每条数据流作出判定，使用已保存扫描中检测到的事实。

    carborder assess --workspace my-ws --check
    .check = 任一数据流未获允许时以退出码 1 结束（供 CI 使用）。
    .trace = 在 JSON 中包含规则推理轨迹。

help-explain =
    解释一条数据流的判定：所依据的规则及条款、读取的事实、来自扫描的证据。

    carborder explain tsp_to_munich --workspace my-ws --lang zh
    carborder explain tsp_to_munich --workspace my-ws --format json   # 判定结果及其推理轨迹

help-demo =
    构建一家虚构的整车企业（十余个资产和数据流，覆盖全部五种场景）并运行。

    步骤：写入工作区 → 生成车队数据（数据表、MCAP 行车记录、CAN 日志）→ 依据申报的事实评估 →
    扫描数据 → 再次评估（数据与部分申报不符）→ 导出一条被拒绝和一条获放行的数据流 → 校验审计链。
    .directory = 创建演示工作区的位置。
    .force = 替换已有的演示工作区。
    .skip_export = 扫描后即停止。

help-inspect =
    显示车辆文件中每个话题、摄像头或 CAN 信号包含的内容，以及由此得出的事实。

    示例：
        carborder inspect drive.mcap --format json
        carborder inspect capture.log.gz --dbc toyota_new_mc_pt.dbc
        carborder inspect frame.jpg --preview boxes.png
    .files = MCAP、`bag`、CAN 日志、图片或视频文件。
    .preview = 针对图片：写出一张 PNG，标示将被隐去的内容（人脸加框，车牌按四角勾出轮廓）。
    .dbc = 用于解码 CAN 日志的 DBC 文件（可重复）。
    .fmt = `table` 或 `json`。
    .frame_stride = 每隔 n 帧运行一次人脸/车牌检测。

help-plan =
    显示数据流的出境路径，以及能减轻该路径的最低成本方案。

    方案依据各去标识化操作声明的效果构建：列出能使数据流转入较轻路径（或脱离禁止状态）的
    最低成本附加步骤，并注明其信息损失。
    .max_steps = 最多尝试的附加步骤数。

help-export =
    为数据流放行去标识化后的数据，或拒绝放行（退出码 0 放行，1 拒绝，2 输入有误）。

    扫描输入，以今天为准作出判定，执行数据流的去标识化方案，重新扫描输出，
    再连同签名清单原子地移入目标位置。
    .flow = 清单中的数据流 ID。
    .inputs = 输入文件或文件夹（可重复）。
    .output = 输出目录（须为新目录）。
    .dry_run = 只作判定并检查方案，不写入任何内容。
    .asset = 输入所属的资产（默认：第一个）。
    .subject = 标识个人的列，用于计数器。
    .output_format = 导出数据表的格式：`keep`（默认，每张表保持原样：GBK 编码的 CSV 仍为 GBK 编码的 CSV，分隔符与引号不变；Parquet 仍为 Parquet），或 `parquet`、`csv`、`tsv`、`jsonl`、`arrow`。车辆文件始终保持原格式。

help-serve =
    提供 REST API（/api/v1，OpenAPI 文档位于 /api/v1/openapi.json）和网页。

    用 `carborder user add` 创建的用户登录；程序使用 `carborder token create` 创建的令牌。
    扫描、导出和校验作为后台任务运行。除回环地址外，请置于 TLS 代理之后。

    示例：
        carborder user add li.wei --role compliance_officer --workspace my-ws
        carborder serve --workspace my-ws --port 8470
    .host = 监听地址。
    .port = 端口。
    .cookie_secure = 安全 Cookie：`auto`（回环地址上的明文 HTTP 除外均启用）、`always`、`never`。
    .job_workers = 同时运行的后台任务数。
    .idle_minutes = 浏览器在这么多分钟内无请求即登出。
