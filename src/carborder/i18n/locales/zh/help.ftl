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
    .inputs = 输入文件或文件夹（可重复）；一个 rosbag2 文件夹算作一个输入。
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

help-rulebook = 查看并检查规则包（以带日期、带出处的 YAML 表示的法规）。

help-rulebook-lint = 严格加载一个规则包，报告第一个问题及其文件、行号和处理办法（退出码 2）。
    .directory = 规则包目录（含 pack.yaml）。

help-rulebook-show = 以中文或英文显示一条规则及其出处；--list 列出所有 ID。
    .rule_id = 规则、参数或法规文件的 ID；`pack` 表示规则包本身。
    .list_ids = 列出所有 ID。

help-rulebook-facts = 列出事实词汇表：名称、类型、允许的取值，以及某事实缺失时的含义。

help-rulebook-diff = 比较两个规则包的差异：新增、删除或修改的规则和参数。
    .a = 旧规则包：内置 ID 或目录。
    .b = 新规则包：内置 ID 或目录。

help-deid = 去标识化：数据流的 `deid:` 方案可使用的操作。

help-deid-operators =
    列出每个去标识化操作：其作用与承诺、参数，以及一个示例步骤。

    步骤写在清单中数据流的 `deid:` 列表下，例如：

        deid:
          - {"{"}op: pseudonymise, kinds: \[phone, vin]{"}"}
          - {"{"}op: generalise_geo, precision_m: 1000{"}"}

    carborder deid operators --lang zh
    carborder deid operators --format json

help-approval = 已持有的审批：添加、列出、查看、记录范围、撤销（存储并审计）。

help-approval-add =
    记录一项审批（对其证明文件计算哈希，不复制文件）。

    请给出其范围（--scope FILE 或 --scope-from-flow）：审批仅在数据流保持在其获批范围内时覆盖该数据流；
    没有范围就无法发现任何变化，因此在记录范围之前它不覆盖任何数据流（`carborder approval scope REF ...`）。
    .reference = 文号（即审批 ID）。
    .kind = `security_assessment`、`standard_contract`、`certification` 或 `mnr_approval`。
    .flows = 所覆盖的数据流（可重复）。
    .issued = 签发或备案日期，格式 YYYY-MM-DD。
    .valid_until = 最后有效日（默认：按规则包中的规定）。
    .evidence = 证明文件；保留其 SHA-256 哈希。
    .note = 自由文本备注。
    .scope = 记载获批范围的 YAML 文件（`purposes`、`activities`、`recipients`、`assets`、`content_kinds`、`pi_kinds`、`sensitive_kinds`、`storage`）。
    .scope_from_flow = 将所覆盖数据流的现状（目的、方式、接收方、数据集、数据种类、境外存储）记录为获批范围。

help-approval-list =
    列出数据库和清单中的审批，附有效期和状态。

    未写明截止日期的审批，按规则包为该类审批规定的期限自签发日起计算有效期；
    列表显示计算所得的日期，并加以标注。

help-approval-show = 以 JSON 显示一项审批。

help-approval-scope =
    记录已有审批的获批范围（仅一次；记入审计）。

    未记录范围的审批不覆盖任何数据流：carborder 无法判断数据流是否已超出该范围。示例：

        carborder approval scope SCC-SH-2026-0142 --scope granted-scope.yaml
        carborder approval scope SCC-SH-2026-0142 --scope-from-flow

    在 inventory/approvals.yaml 中申报的审批，则在该处写 `scope:` 块。
    .reference = 审批 ID（已存储的审批）。
    .scope = 记载获批范围的 YAML 文件，按备案材料或审批结果的表述填写（`purposes`、`activities`、`recipients`、`assets`、`content_kinds`、`pi_kinds`、`sensitive_kinds`、`storage`）。
    .scope_from_flow = 将该审批所涉数据流当前的出境情况（已执行其方案）记录为范围：仅限这些数据流自获批以来未发生变化时使用。

help-approval-revoke = 将一项审批标记为已撤销（自此拒绝其所覆盖的导出）。
    .reason = 撤销原因。

help-manifest = 导出清单：校验其完整性及签名者。

help-manifest-verify =
    检查一次导出：完整性（每个文件、哈希、行数、签名）和真实性。

    仅有完整性并不能证明导出出自谁手（任何人都可以用自己的密钥重新签名），因此签名者必须是您信任的密钥：
    您工作区的密钥（--workspace）、您收到的公钥文件（--key），或您固定的指纹（--key-id；签名者可用
    `carborder key show-id` 打印）。两者都成立时退出码为 0，否则为 1。

    示例：
        carborder manifest verify exports/crm --workspace my-ws
        carborder manifest verify received/ --key-id 1e3d99ec7d12f597…
    .directory = 导出的输出目录。
    .workspace = 信任该工作区的签名密钥（当前及已轮换的）。
    .keys = 信任此公钥文件（PEM 或 base64；可重复）。
    .key_ids = 信任具有此指纹（64 位十六进制）或密钥 ID（16 位十六进制）的密钥（可重复）。

help-audit = 审计链：校验、锚定、导出。

help-audit-verify =
    校验审计链、据此核对各数据表，并核对每个锚点；完好时退出码为 0，损坏时为 1。

    检查每个事件的哈希和链接；核对计数器、已放行的运行、清单、审批和判定与审计链的记录一致；
    并检查审计链仍包含每份已存储和已放行清单以及每个 --anchor 文件所记载的链头（整条链被改写会在此处失败）。
    在提交点之后被中断的放行会先被补完（计入其人数，追加 `export.released`），
    因此每次放行都在所校验的审计链中。

    示例：
        carborder audit verify --workspace WS
        carborder audit verify --workspace WS --anchor ~/anchors/2026-11-27.json
    .anchor = 由 `audit anchor` 生成的锚点文件，或某次导出的 manifest.json（可重复）：审计链必须仍包含其记载的链头。

help-audit-anchor =
    写出以工作区密钥签名的链头，供您另行保存。

    只有校验通过的审计链才会被锚定。请把文件保存在能写数据库的人也无法改动的地方
    （工单、邮件、一次写入的共享存储）；日后 `audit verify --anchor FILE` 即可证明
    审计链直到该链头都未被改写。

    示例：
        carborder audit anchor --workspace WS -o anchors/$(date +%F).json
    .output = 锚点写入位置（默认：标准输出）。

help-audit-export = 以 `JSON Lines` 格式写出事件（每行一个事件，附其链哈希）。
    .since = 只含该日期（UTC）及之后的事件。
    .output = 写入此处，而非标准输出。

help-filing = 申报材料包（中文文件用于正式申报，英文为便于阅读的译本）：生成、检查。

help-filing-build = 生成数据流判定结果所要求的文件、filing.json 和一个已签名的 ZIP 包。
    .flow = 清单中的数据流 ID。
    .lang = `zh`（可正式申报）、`en`（非官方译本）或 `both`。
    .mechanism = `standard_contract` 或 `certification`（默认：已持有的审批，否则取第一个）。
    .documents = 只生成此类文件（可重复）。
    .epilog = { help-filing-epilog }

help-filing-annual-report = 生成整个工作区的年度汽车数据安全报告。
    .year = 报告所涵盖的日历年（12 月 15 日前报送）。
    .lang = `zh`（可正式申报）、`en`（非官方译本）或 `both`。
    .epilog = { help-filing-epilog }

help-filing-check = 所有必填字段均已填写时退出码为 0，否则为 1（并列出未填字段），输入有误时为 2。
    .directory = 申报材料文件夹（含 filing.json）。
    .lang = 提示信息的语言：`en` 或 `zh`。
    .epilog = { help-filing-epilog }

help-filing-templates = 列出文件种类、版本、来源，以及其标题的核对方式。
    .lang = 提示信息的语言：`en` 或 `zh`。

help-key =
    工作区的密钥：生成、轮换、显示其公开 ID。

    工作区在 .carborder/keys 中保存三把密钥（仅所有者可读写）：

    - `signing`：签署导出清单和审计锚点；公布其指纹（`key show-id`），
      接收方即可运行 `manifest verify --key-id FINGERPRINT`。
    - `pseudonym`：生成假名（HMAC）；$CARBORDER_PSEUDONYM_KEY 可覆盖它。
    - `counter`：为年内累计人数所依据的指纹加密钥。

    从不打印密钥秘密；只显示密钥 ID 和签名公钥。

help-key-generate =
    创建工作区缺少的密钥（已有密钥保留，绝不替换）。

    示例：
        carborder key generate --workspace my-ws
    .kinds = `signing`、`pseudonym` 或 `counter`（可重复；默认：全部）。

help-key-rotate =
    用新密钥替换一把密钥（记入审计）。

    - `signing`：此前签署的清单仍可用 --workspace 校验（旧公钥作为已停用密钥保留）；旧私钥被销毁。
    - `pseudonym`：新的导出得到新的假名；旧密钥仍保留，供工作区持有者使用。
    - `counter`：计数保留；轮换前后都被导出的同一人今年可能被计两次（绝不会少计）；旧秘密被销毁。

    示例：
        carborder key rotate --workspace my-ws --kind pseudonym
    .kind = 哪一把密钥：`signing`、`pseudonym` 或 `counter`。

help-key-show-id =
    显示要公布的密钥 ID 和签名公钥（从不显示秘密）。

    接收方用签名指纹固定您的清单：
        carborder manifest verify OUT --key-id <指纹>
    或使用此处打印的公钥文件（`--key FILE`）。

help-user = 服务器的用户：添加（附角色）、列出、停用。角色：`admin`、`compliance_officer`、`legal_reviewer`、`data_steward`、`approver`、`auditor`、`viewer`、`service`。

help-user-add =
    添加用户；密码取自 $CARBORDER_PASSWORD 或交互输入（输入两次）。

    示例：
        carborder user add li.wei --role compliance_officer --workspace my-ws
        CARBORDER_PASSWORD=... carborder user add ci --role service --workspace my-ws
        carborder user add pipeline --role service --no-password --workspace my-ws
    .name = 登录名（小写字母、数字及 . _ -）。
    .role = 用户的角色。
    .display_name = 页面上显示的名称。
    .no_password = 程序账户：只用令牌，不能登录。

help-user-list = 列出用户及其角色和状态。

help-user-disable = 停用用户：其会话立即结束，其令牌随即失效。
    .name = 要停用的用户。

help-token = API 令牌：程序发送 `Authorization: Bearer TOKEN`。令牌以其所属用户的身份操作。

help-token-create =
    为用户签发令牌；令牌只打印一次，位于最后一行。

    只存储其 SHA-256 哈希，因此无法再次显示：请存入您的密钥保管系统。

    示例：
        TOKEN=$(carborder token create ci --workspace my-ws | tail -n 1)
        curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8470/api/v1/flows
    .name = 令牌所代表的用户。
    .label = 令牌的用途。
    .expires_days = 距过期的天数。

help-token-list = 列出令牌（ID 和所有者，从不显示秘密）；状态为有效、已过期或已撤销。

help-token-revoke = 撤销令牌；此后服务器拒绝该令牌。
    .token_id = 令牌 ID（见 `token list`）。

# 用法错误（click 自身的提示）
usage-error-title = 错误
usage-try-help = 运行 [blue]'{$command} {$option}'[/] 查看帮助。
usage-no-such-option = 没有此选项：{$name}
usage-possible-options = （可能是：{$names}）
usage-missing-argument = 缺少参数 {$name}。
usage-missing-option = 缺少选项 {$name}。
usage-missing-parameter = 缺少参数 {$name}。
usage-invalid-value = {$name} 的值无效：{$reason}
usage-needs-value = 选项 {$name} 需要一个值。
usage-needs-values = 选项 {$name} 需要 {$n} 个值。
usage-takes-no-value = 选项 {$name} 不接受值。
usage-extra-arguments = 多余的参数：（{$args}）
usage-no-such-command = 没有此命令：{$name}。
usage-no-such-command-suggest = 没有此命令：{$name}。您是否要用 {$names}？
usage-missing-command = 缺少命令。
usage-not-one-of = {$value} 不在可选值 {$choices} 之中。
usage-not-integer = 应为整数
usage-not-number = 应为数字
usage-not-boolean = 应为布尔值
