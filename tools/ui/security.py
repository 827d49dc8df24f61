# Security (issue 9 "Security details that must hold"): two-factor sign-in (TOTP) and the password policy. Keys start with "Tfa" or "Pw".
S["PwPolicyRule"] = ("At least 12 characters, mixing at least two of lowercase, uppercase, digits and other characters; at least 5 different characters; not containing your username; not a common password.",
                     "12자 이상, 소문자·대문자·숫자·기타 문자 중 두 종류 이상 혼합, 서로 다른 문자 5개 이상, 아이디 미포함, 흔한 비밀번호 불가.",
                     "至少 12 个字符，混合小写字母、大写字母、数字和其他字符中的至少两类；至少 5 个不同字符；不得包含用户名；不得是常见密码。")
S["TfaTitle"] = ("Two-factor sign-in", "2단계 인증 로그인", "双重验证登录")
S["TfaCodeTitle"] = ("Enter your sign-in code", "로그인 코드 입력", "输入登录验证码")
S["TfaCodeIntro"] = ("Open the authenticator app on your phone and enter the 6-digit code shown for OrthoRegen. If you have lost the phone, enter one of your recovery codes.",
                     "휴대폰의 인증 앱을 열고 OrthoRegen에 표시된 6자리 코드를 입력하세요. 휴대폰을 잃어버렸다면 복구 코드 중 하나를 입력하세요.",
                     "请打开手机上的身份验证器应用，输入 OrthoRegen 显示的 6 位验证码。如果手机丢失，请输入一个恢复码。")
S["TfaCode"] = ("Authenticator code or recovery code", "인증 앱 코드 또는 복구 코드", "验证器验证码或恢复码")
S["TfaVerify"] = ("Verify", "확인", "验证")
S["TfaCodeFailed"] = ("The code is not correct or has already been used.", "코드가 올바르지 않거나 이미 사용되었습니다.", "验证码不正确或已被使用。")
S["TfaExpired"] = ("The sign-in took too long. Enter your username and password again.", "로그인 시간이 초과되었습니다. 아이디와 비밀번호를 다시 입력하세요.", "登录超时。请重新输入用户名和密码。")
S["TfaRequired"] = ("Your role requires two-factor sign-in. Set it up now to continue.", "사용자 역할에 2단계 인증이 필요합니다. 계속하려면 지금 설정하세요.", "您的角色要求双重验证登录。请立即设置以继续。")
S["TfaStep1"] = ("1. Scan this QR code with an authenticator app (for example Google Authenticator, Microsoft Authenticator or FreeOTP).",
                 "1. 인증 앱(예: Google Authenticator, Microsoft Authenticator, FreeOTP)으로 이 QR 코드를 스캔하세요.",
                 "1. 用身份验证器应用（例如 Google Authenticator、Microsoft Authenticator 或 FreeOTP）扫描此二维码。")
S["TfaManual"] = ("Or type this key into the app:", "또는 이 키를 앱에 직접 입력하세요:", "或在应用中手动输入此密钥：")
S["TfaStep2"] = ("2. Enter the 6-digit code the app shows.", "2. 앱에 표시된 6자리 코드를 입력하세요.", "2. 输入应用显示的 6 位验证码。")
S["TfaSixDigit"] = ("6-digit code", "6자리 코드", "6 位验证码")
S["TfaConfirm"] = ("Turn on two-factor sign-in", "2단계 인증 켜기", "启用双重验证登录")
S["TfaEnabled"] = ("Two-factor sign-in is on.", "2단계 인증이 켜져 있습니다.", "双重验证登录已启用。")
S["TfaRecoveryLeft"] = ("Unused recovery codes:", "사용하지 않은 복구 코드:", "未使用的恢复码：")
S["TfaResetHint"] = ("Lost your authenticator and recovery codes? An administrator can reset two-factor sign-in (orthoregen users totp-reset).",
                     "인증 앱과 복구 코드를 모두 잃어버렸다면 관리자가 2단계 인증을 초기화할 수 있습니다 (orthoregen users totp-reset).",
                     "身份验证器和恢复码都丢失了？管理员可以重置双重验证（orthoregen users totp-reset）。")
S["TfaRecoveryTitle"] = ("Your recovery codes", "복구 코드", "您的恢复码")
S["TfaRecoveryIntro"] = ("Keep these ten codes somewhere safe, away from your phone. Each signs you in once without the app. They are shown only now.",
                         "이 10개의 코드를 휴대폰과 다른 안전한 곳에 보관하세요. 각 코드는 앱 없이 한 번 로그인할 수 있습니다. 지금 한 번만 표시됩니다.",
                         "请将这十个恢复码妥善保存在手机以外的安全位置。每个恢复码可在没有应用时登录一次。仅此一次显示。")
S["TfaContinue"] = ("Continue", "계속", "继续")
S["TfaQrAlt"] = ("QR code for the authenticator app", "인증 앱용 QR 코드", "身份验证器应用的二维码")
