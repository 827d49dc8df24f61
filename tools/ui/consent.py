# e-Consent on the clinic tablet (issue 6 "e-Consent", DOMAIN.md 2 Consent). Keys start with "Ec".
# Staff side: the patient chart section and the printable record.
S["EcSection"] = ("e-Consent (tablet)", "전자 동의 (태블릿)", "电子知情同意（平板）")
S["EcNoRecords"] = ("No consent signed on the tablet yet.", "태블릿에서 서명한 동의서가 아직 없습니다.", "尚无在平板上签署的知情同意。")
S["EcKind"] = ("Record", "기록", "记录")
S["EcOpenRecord"] = ("Open and print", "열기 및 인쇄", "打开并打印")
S["EcStart"] = ("Start a consent on the tablet", "태블릿에서 동의 시작", "在平板上开始知情同意")
S["EcStartButton"] = ("Start and open the tablet view", "시작하고 태블릿 화면 열기", "开始并打开平板界面")
S["EcTabletLanguage"] = ("Language the tablet opens in", "태블릿 시작 언어", "平板初始语言")
S["EcCostHint"] = ("Required by forms that state the self-pay amount (the treatment form).", "본인부담 금액을 안내하는 양식(치료 동의서)에는 필수입니다.", "注明自费金额的表格（治疗同意书）必填。")
S["EcAllogeneic"] = ("Donor-derived (allogeneic) product: show the donor section and question", "공여자 유래(동종) 제품: 공여자 항목과 질문 표시", "供者来源（异体）产品：显示供者章节和问题")
S["EcWithdrawStart"] = ("Withdraw a consent on the tablet", "태블릿에서 동의 철회", "在平板上撤回知情同意")
S["EcConsentToWithdraw"] = ("Consent to withdraw", "철회할 동의", "要撤回的知情同意")
S["EcWithdrawButton"] = ("Start the withdrawal and open the tablet view", "철회를 시작하고 태블릿 화면 열기", "开始撤回并打开平板界面")
S["EcRecordTitle"] = ("e-Consent record", "전자 동의 기록", "电子知情同意记录")
S["EcRecordNotFound"] = ("No such e-consent record for this patient, or the patient is not at one of your sites.", "이 환자의 해당 전자 동의 기록이 없거나 담당 기관의 환자가 아닙니다.", "该患者没有此电子知情同意记录，或患者不属于您的机构。")
S["EcBackToPatient"] = ("Back to the patient", "환자 화면으로 돌아가기", "返回患者页面")
S["EcRecordedBy"] = ("Session run by", "세션 진행자", "会话执行人")
S["EcSessionId"] = ("Tablet session", "태블릿 세션", "平板会话")
S["EcConsentId"] = ("Consent", "동의", "知情同意")
S["EcTextHash"] = ("SHA-256 of the signed text", "서명한 본문의 SHA-256", "所签文本的 SHA-256")
S["EcHashMatches"] = ("matches the stored text", "저장된 본문과 일치", "与存储文本一致")
S["EcHashMismatch"] = ("DOES NOT match the stored text", "저장된 본문과 일치하지 않음", "与存储文本不一致")
S["EcSignedText"] = ("Text shown and signed", "표시되고 서명된 본문", "显示并签署的文本")
S["EcAnswers"] = ("Comprehension questions", "이해도 확인 질문", "理解确认问题")
S["EcQuestion"] = ("Question", "질문", "问题")
S["EcAcknowledgement"] = ("Acknowledges", "확인 항목", "确认事项")
S["EcAttempts"] = ("Attempts", "시도 횟수", "作答次数")
S["EcChoices"] = ("Answers given (in order)", "선택한 답 (순서대로)", "所选答案（按顺序）")
S["EcPassed"] = ("Answered correctly", "정답", "回答正确")
S["EcYes"] = ("Yes", "예", "是")
S["EcNo"] = ("No", "아니오", "否")
S["EcSignature"] = ("Signature", "서명", "签名")
S["EcWithheld"] = ("Name and signature are withheld from your role.", "현재 역할에는 이름과 서명이 표시되지 않습니다.", "您的角色不可查看姓名和签名。")
S["EcSignatureUnreadable"] = ("The stored signature could not be read.", "저장된 서명을 읽을 수 없습니다.", "无法读取存储的签名。")
S["EcWithdrawal"] = ("Withdrawal", "철회", "撤回")
S["EcWithdrawnOn"] = ("Withdrawn on", "철회일시", "撤回时间")
S["EcWithdrawnElsewhere"] = ("recorded on the consent (not signed on the tablet)", "동의 기록에 직접 기록됨 (태블릿 서명 아님)", "记录于知情同意（非平板签署）")
S["EcNotWithdrawn"] = ("Not withdrawn.", "철회되지 않음.", "未撤回。")
S["EcOriginalConsent"] = ("The consent this withdraws", "이 철회의 원 동의", "本次撤回的原知情同意")
codes("EcKind", {
    "SIGNATURE": ("Consent signed", "동의 서명", "同意签署"),
    "WITHDRAWAL": ("Withdrawal signed", "철회 서명", "撤回签署"),
})
codes("EcAck", {
    "risksExplained": ("Risks", "위험", "风险"),
    "evidenceLevelExplained": ("Level of evidence", "근거 수준", "证据水平"),
    "selfPayCost": ("Self-pay cost", "본인부담 비용", "自费费用"),
    "alternativesExplained": ("Alternatives", "다른 선택지", "其他选择"),
    "allogeneicSourceAck": ("Donor-derived cells", "공여자 유래 세포", "供者来源细胞"),
    "personalDataProcessing": ("Personal data", "개인정보", "个人信息"),
    "rightToWithdraw": ("Right to withdraw", "철회 권리", "撤回权利"),
    "longTermFollowUpAck": ("Long-term follow-up", "장기추적조사", "长期随访"),
})
# The tablet, read by the patient.
S["EcTabletTitle"] = ("Consent", "동의서", "知情同意")
S["EcSessionNotFound"] = ("This consent session does not exist. Please ask the staff.", "이 동의 세션이 없습니다. 직원에게 문의하세요.", "此知情同意会话不存在。请询问工作人员。")
S["EcReadIntro"] = ("Please read every section. Questions about what you read follow; you can come back to the text at any time.",
                    "모든 항목을 읽어 주세요. 읽은 내용에 대한 질문이 이어지며, 언제든 본문으로 돌아올 수 있습니다.",
                    "请阅读每一部分。之后会有关于所读内容的问题，您可以随时返回阅读正文。")
S["EcToQuestions"] = ("I have read it: continue to the questions", "다 읽었습니다: 질문으로 이동", "我已阅读：继续回答问题")
S["EcQuestionOf"] = ("Question {0} of {1}", "질문 {0} / {1}", "第 {0} 题，共 {1} 题")
S["EcWrongAnswer"] = ("That answer is not right. Please read this part again and answer once more.", "정답이 아닙니다. 이 부분을 다시 읽고 한 번 더 답해 주세요.", "回答不正确。请再读一遍这部分内容，然后重新作答。")
S["EcReread"] = ("Read again", "다시 읽기", "再读一遍")
S["EcChooseOne"] = ("Please choose one answer.", "답을 하나 선택해 주세요.", "请选择一个答案。")
S["EcAnswer"] = ("Answer", "답하기", "提交答案")
S["EcReadAgain"] = ("Read the consent text again", "동의서 본문 다시 읽기", "重新阅读知情同意正文")
S["EcAllAnswered"] = ("You have answered every question. If you agree, please sign below.", "모든 질문에 답했습니다. 동의하시면 아래에 서명해 주세요.", "您已回答所有问题。如同意，请在下方签名。")
S["EcSignHeading"] = ("Signature", "서명", "签名")
S["EcSignIntro"] = ("By signing I confirm that I have read and understood this information and that I agree to it of my own free will.",
                    "서명함으로써 이 설명을 읽고 이해했으며 자유로운 의사로 동의함을 확인합니다.",
                    "签名即表示我已阅读并理解上述信息，并出于自愿同意。")
S["EcWithdrawSignHeading"] = ("Sign the withdrawal", "철회 서명", "签署撤回")
S["EcWithdrawSignIntro"] = ("By signing I withdraw the consent named above.", "서명함으로써 위의 동의를 철회합니다.", "签名即表示我撤回上述知情同意。")
S["EcSigner"] = ("Signing as", "서명자", "签署身份")
S["EcTypedName"] = ("Full name", "성명", "姓名")
S["EcDrawSignature"] = ("Sign with your finger in the box", "상자 안에 손가락으로 서명해 주세요", "请用手指在框内签名")
S["EcNeedsScript"] = ("A drawn signature needs this tablet's browser with JavaScript turned on. Please hand the tablet to the staff.",
                      "손으로 그린 서명은 JavaScript가 켜진 이 태블릿의 브라우저가 필요합니다. 태블릿을 직원에게 돌려주세요.",
                      "手写签名需要在开启 JavaScript 的本平板浏览器中进行。请将平板交给工作人员。")
S["EcClear"] = ("Clear", "지우기", "清除")
S["EcSign"] = ("Sign the consent", "동의서에 서명", "签署知情同意")
S["EcSignWithdrawal"] = ("Sign the withdrawal", "철회서에 서명", "签署撤回")
S["EcErrTypedName"] = ("Please write your full name.", "성명을 입력해 주세요.", "请填写您的姓名。")
S["EcErrSignature"] = ("Please sign in the box (a dot or a short line is not enough).", "상자 안에 서명해 주세요 (점이나 짧은 선은 인정되지 않습니다).", "请在框内签名（一个点或一条短线不算签名）。")
S["EcErrCheckpoints"] = ("Every question must be answered correctly before signing.", "서명하기 전에 모든 질문에 정답을 해야 합니다.", "签名前必须正确回答所有问题。")
S["EcErrOther"] = ("Please ask the staff; this could not be saved:", "직원에게 문의하세요. 저장하지 못했습니다:", "请询问工作人员；无法保存：")
S["EcConflict"] = ("This session can no longer be signed. Please ask the staff.", "이 세션은 더 이상 서명할 수 없습니다. 직원에게 문의하세요.", "此会话已无法签署。请询问工作人员。")
S["EcThankYou"] = ("Thank you", "감사합니다", "谢谢")
S["EcConsentSaved"] = ("Your consent has been signed and saved.", "동의서 서명이 저장되었습니다.", "您的知情同意已签署并保存。")
S["EcWithdrawalSaved"] = ("Your withdrawal has been signed and saved.", "철회서 서명이 저장되었습니다.", "您的撤回已签署并保存。")
S["EcHandBack"] = ("Please hand the tablet back to the staff.", "태블릿을 직원에게 돌려주세요.", "请将平板交还给工作人员。")
S["EcExpiredTitle"] = ("This session has expired", "세션이 만료되었습니다", "会话已过期")
S["EcExpired"] = ("Nothing was signed. Please hand the tablet back to the staff to start again.", "서명된 내용은 없습니다. 다시 시작하려면 태블릿을 직원에게 돌려주세요.", "未签署任何内容。请将平板交还给工作人员重新开始。")
S["EcConsentSignedOn"] = ("consent signed on", "동의 서명일", "知情同意签署日期")
