# 校验报告：导出清单（完整性、真实性）与审计链。

## manifest verify
manifest-integrity-ok = 完整性：通过 —— { $files } 个文件与清单一致（字节数、SHA-256 摘要、行数），签名对清单内所附密钥有效（{ $key }）
manifest-integrity-failed = 完整性：未通过
manifest-authenticity-none = 真实性：无法确认 —— 未提供受信任的密钥，而任何人都能用自己的密钥为清单签名
manifest-authenticity-none-hint = 请传入 `--workspace WS`、`--key FILE` 或 `--key-id FINGERPRINT`（签名方可用 `carborder key show-id` 公布）
manifest-authenticity-ok = 真实性：通过 —— 由密钥 { $key }（指纹 { $fingerprint }）签名，受信任的原因：{ $reason }
manifest-authenticity-failed = 真实性：未通过 —— 密钥 { $key }：{ $reason }
manifest-verified = 清单完整且真实：数据出境流 { $flow }，决定 { $decision }
manifest-not-intact = 清单不完整
manifest-not-trusted = 清单未通过校验：签名方不是受信任的密钥
manifest-problem-missing = 缺少 { $name }（导出不完整）
manifest-problem-unreadable = 无法读取 { $name }：{ $detail }
manifest-problem-format = 未知的清单格式 { $format }
manifest-problem-key-id = 签名中的密钥编号与其公钥不符
manifest-problem-signature = 签名校验失败：清单已被改动
manifest-problem-unsafe-path = 清单中有不安全的路径：{ $path }
manifest-problem-file-missing = { $path }：文件缺失
manifest-problem-mismatch = { $path }：{ $field } 实为 { $actual }，清单记载为 { $expected }
manifest-problem-unlisted = { $path }：未列入清单
trust-workspace-current = 它是工作区 { $arg } 当前的签名密钥
trust-workspace-retired = 它是工作区 { $arg } 已轮换停用的签名密钥
trust-pinned-fingerprint = 它与指定的指纹 { $arg } 相符
trust-pinned-key-id = 它与指定的密钥编号 { $arg } 相符
trust-key-file = 它是 { $arg } 中的密钥
trust-caller = 它是调用方信任的密钥
trust-none = 不是受信任的密钥之一（被他人重新签名，或提供了错误的密钥）
manifest-field-bytes = 字节数
manifest-field-sha256 = SHA-256 摘要
manifest-field-rows = 行数
