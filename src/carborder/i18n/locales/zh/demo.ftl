# `carborder demo`：示例整车企业的各个步骤及其展示内容。

demo-step-workspace = 1 · 示例工作区
demo-step-data = 2 · 合成车队数据
demo-step-declared = 3 · 仅依据申报事实的评估
demo-step-scan = 4 · 扫描数据后再次评估
demo-step-export = 5 · 出境网关
demo-step-filing = 6 · 标准合同数据出境流的备案材料包
demo-step-web = 7 · 网页看板
demo-workspace = 工作区：{ $path }
demo-title-declared = 仅申报事实
demo-title-detected = 申报事实 + 检测到的事实
demo-changes-title = 数据带来的变化
demo-changes-col-flow = 数据出境流
demo-changes-col-before = 扫描前
demo-changes-col-after = 扫描后
demo-changes-col-why = 原因
demo-explain-hint = 查看任一数据出境流的说明：`carborder explain { $flow } --workspace { $directory }`
demo-scanned = { "  " }已扫描 { $asset }：pi.kinds={ $kinds }，敏感个人信息={ $sensitive }，个人数={ $individuals }，错误数={ $errors }
demo-approval-recorded = 已记录审批 { $id }（{ $kind }），适用于 { $flow }
demo-vehicle-data = 车辆数据：{ $flow }（{ $files }）
demo-dry-run = 用不在清单中的方案试运行 { $flow }：{ $plan }
demo-web-start = 在此工作区启动网页看板和 REST API：
demo-web-command = { "  " }`.venv/bin/carborder serve --workspace { $path }`
demo-web-open = 然后打开 { $url }，以下列任一身份登录：
demo-web-password = { "  " }密码：{ $password }（仅供演示；请用 `carborder user add` 添加您自己的用户）
