# Patient portal questionnaires (issue 6 "Questionnaires"): public pages (Po*) and the staff section on the follow-up page (PoStaff*).
S["PoTitle"] = ("Your follow-up questionnaires", "추적 관찰 설문", "您的随访问卷")
S["PoIntro"] = ("Please answer one question at a time. Your answers are saved as you go: you can close this page and come back with the same link.",
                "한 번에 한 문항씩 답해 주세요. 답변은 바로 저장되므로 이 페이지를 닫았다가 같은 링크로 다시 이어서 할 수 있습니다.",
                "请逐题作答。您的答案会随时保存：可以关闭本页，稍后用同一链接继续。")
S["PoThanks"] = ("Thank you. Your answers were submitted.", "감사합니다. 답변이 제출되었습니다.", "谢谢，您的答案已提交。")
S["PoVisit"] = ("{0} (answer by {1})", "{0} ({1}까지 응답)", "{0}（请于 {1} 前作答）")
codes("PoVisitCode", {
    "BASE": ("Before treatment", "치료 전", "治疗前"), "D1_7": ("First week", "첫 주", "第一周"),
    "M1": ("1 month", "1개월", "1 个月"), "M3": ("3 months", "3개월", "3 个月"), "M6": ("6 months", "6개월", "6 个月"),
    "M12": ("12 months", "12개월", "12 个月"), "M24": ("24 months", "24개월", "24 个月"), "Y": ("Yearly check", "연간 확인", "年度随访"),
})
S["PoAnsweredOf"] = ("{0} of {1} answered", "{1}문항 중 {0}문항 응답", "已回答 {0}/{1} 题")
S["PoDone"] = ("Submitted", "제출됨", "已提交")
S["PoStart"] = ("Start", "시작", "开始")
S["PoContinue"] = ("Continue", "계속하기", "继续")
S["PoReviewSubmit"] = ("Review and submit", "확인 후 제출", "检查并提交")
S["PoSeeResults"] = ("See your results over time", "내 결과 추이 보기", "查看您的历次结果")
S["PoExpires"] = ("This link works until {0}. It is for you alone; please do not share it.",
                  "이 링크는 {0}까지 사용할 수 있습니다. 본인만 사용하고 다른 사람과 공유하지 마세요.",
                  "此链接有效期至 {0}，仅供您本人使用，请勿分享。")
S["PoRefusedTitle"] = ("This link cannot be opened", "이 링크를 열 수 없습니다", "无法打开此链接")
S["PoRefusedText"] = ("The link may be mistyped, no longer valid, or withdrawn by the clinic. Please ask the clinic for a new link.",
                      "링크가 잘못 입력되었거나, 더 이상 유효하지 않거나, 병원에서 취소했을 수 있습니다. 병원에 새 링크를 요청해 주세요.",
                      "链接可能输入有误、已失效或已被诊所撤回。请向诊所索取新链接。")
S["PoQuestionOf"] = ("Question {0} of {1}", "{1}문항 중 {0}번째", "第 {0} 题，共 {1} 题")
S["PoQuestionN"] = ("Question {0}", "{0}번 문항", "第 {0} 题")
S["PoOverview"] = ("All questionnaires", "전체 설문", "全部问卷")
S["PoAlreadySubmitted"] = ("This questionnaire was already submitted for this visit; it cannot be changed here.",
                           "이 방문의 설문은 이미 제출되어 여기서 변경할 수 없습니다.",
                           "本次随访的此问卷已提交，无法在此修改。")
S["PoEnterNumber"] = ("Enter a number from {0} to {1} ({2})", "{0}부터 {1}까지 숫자를 입력하세요 ({2})", "请输入 {0} 至 {1} 之间的数字（{2}）")
S["PoBack"] = ("Back", "이전", "上一题")
S["PoNext"] = ("Next", "다음", "下一题")
S["PoSaveReview"] = ("Save and review", "저장 후 확인", "保存并检查")
S["PoUnanswered"] = ("Please choose an answer to this question.", "이 문항에 답을 선택해 주세요.", "请为此题选择一个答案。")
S["PoChooseOne"] = ("Please choose one of the answers shown.", "보이는 답 중 하나를 선택해 주세요.", "请从所列答案中选择一个。")
S["PoOutOfRange"] = ("Please enter a number from {0} to {1} ({2}).", "{0}부터 {1}까지의 숫자를 입력해 주세요 ({2}).", "请输入 {0} 至 {1} 之间的数字（{2}）。")
S["PoReviewTitle"] = ("Review and submit", "확인 및 제출", "检查并提交")
S["PoFixItems"] = ("Some questions still need an answer:", "아직 답하지 않은 문항이 있습니다:", "以下题目尚需作答：")
S["PoSubmitHelp"] = ("When you submit, your answers are sent to the clinic and can no longer be changed.",
                     "제출하면 답변이 병원으로 전송되며 더 이상 변경할 수 없습니다.",
                     "提交后，您的答案将发送给诊所，且无法再修改。")
S["PoSubmit"] = ("Submit my answers", "답변 제출", "提交我的答案")
S["PoResultsTitle"] = ("Your results over time", "내 결과 추이", "您的历次结果")
S["PoResultsIntro"] = ("These are your own questionnaire scores, compared with your first (baseline) questionnaire.",
                       "내 설문 점수를 첫 번째(기준) 설문과 비교한 결과입니다.",
                       "以下是您本人的问卷得分，与您第一次（基线）问卷相比较。")
S["PoResultsNone"] = ("No submitted questionnaire yet.", "아직 제출된 설문이 없습니다.", "尚无已提交的问卷。")
S["PoChartCaption"] = ("Each point is one questionnaire; the dates are below the chart.", "각 점은 설문 한 번입니다. 날짜는 그래프 아래에 있습니다.", "每个点代表一次问卷，日期见图下方。")
S["PoResBaseline"] = ("Baseline: your questionnaire of {0}.", "기준: {0}의 설문.", "基线：您 {0} 的问卷。")
S["PoResOnlyBaseline"] = ("There is only one questionnaire so far, so there is no change to show yet.", "아직 설문이 한 번뿐이어서 변화를 보여 드릴 수 없습니다.", "目前只有一次问卷，尚无法显示变化。")
S["PoResFromTo"] = ("{0}: from {1} at baseline to {2}.", "{0}: 기준 {1}에서 {2}(으)로.", "{0}：从基线的 {1} 变为 {2}。")
S["PoResMissing"] = ("One of the two scores could not be calculated, so no change is shown.", "두 점수 중 하나를 계산할 수 없어 변화를 표시하지 않습니다.", "两次得分中有一次无法计算，因此不显示变化。")
S["PoResBetter"] = ("That is {0} points better.", "{0}점 좋아졌습니다.", "改善了 {0} 分。")
S["PoResWorse"] = ("That is {0} points worse.", "{0}점 나빠졌습니다.", "变差了 {0} 分。")
S["PoResSame"] = ("That is no change.", "변화가 없습니다.", "没有变化。")
S["PoResPoints"] = ("{0} points", "{0}점", "{0} 分")
S["PoResPercent"] = ("{0}% of the baseline score", "기준 점수의 {0}%", "基线得分的 {0}%")
S["PoResMicMet"] = ("This reaches the smallest change most patients notice as meaningful ({0}).",
                    "대부분의 환자가 의미 있다고 느끼는 최소 변화({0})에 도달했습니다.",
                    "这达到了大多数患者能感受到的最小有意义变化（{0}）。")
S["PoResMicNotMet"] = ("This does not reach the smallest change most patients notice as meaningful ({0}).",
                       "대부분의 환자가 의미 있다고 느끼는 최소 변화({0})에는 미치지 못합니다.",
                       "这未达到大多数患者能感受到的最小有意义变化（{0}）。")
S["PoResNoMic"] = ("There is no agreed smallest meaningful change for this score.", "이 점수에는 합의된 최소 의미 변화 기준이 없습니다.", "此得分尚无公认的最小有意义变化标准。")
S["PoResultsNote"] = ("Scores can change for many reasons. Please discuss your results with your doctor at your next visit.",
                      "점수는 여러 이유로 달라질 수 있습니다. 다음 방문 때 담당 의사와 결과를 상의해 주세요.",
                      "得分可能因多种原因而变化。请在下次就诊时与医生讨论您的结果。")
S["PoTooMany"] = ("Too many requests from this device. Please wait a minute and try again.", "이 기기에서 요청이 너무 많습니다. 1분 후 다시 시도해 주세요.", "此设备的请求过多，请稍等一分钟后重试。")
# Staff section on the patient's follow-up page.
S["PoStaffSection"] = ("Patient portal links", "환자 포털 링크", "患者门户链接")
S["PoStaffIssued"] = ("Link issued.", "링크가 발급되었습니다.", "链接已生成。")
S["PoStaffExpires"] = ("It expires {0} UTC.", "만료: {0} UTC.", "有效期至 {0} UTC。")
S["PoStaffLinkToHand"] = ("Link to hand to the patient", "환자에게 전달할 링크", "交给患者的链接")
S["PoStaffOnce"] = ("Only a hash of the link is stored; while the link is active it can also be opened from the outbox below.",
                    "링크는 해시로만 저장됩니다. 링크가 유효한 동안에는 아래 발송함에서도 열 수 있습니다.",
                    "系统只保存链接的哈希值；链接有效期间也可在下方发件箱中查看。")
S["PoStaffNoDue"] = ("No visit is due for the portal now (no open window with questionnaires still to do).",
                     "지금 포털로 보낼 방문이 없습니다 (설문이 남은 열린 방문 기간 없음).",
                     "目前没有需要通过门户完成的随访（没有尚有问卷待完成的开放窗口）。")
S["PoStaffDueVisits"] = ("Due visits to include", "포함할 예정 방문", "要包含的到期随访")
S["PoStaffShortLabels"] = ("{0}: no licensed wording is loaded in {1}; the patient sees the short labels.",
                           "{0}: {1} 라이선스 문구가 없어 환자에게 짧은 설명이 표시됩니다.",
                           "{0}：未加载 {1} 的授权文本，患者将看到简短标签。")
S["PoStaffIssue"] = ("Issue a link", "링크 발급", "生成链接")
S["PoStaffVisits"] = ("Visits (done/all)", "방문 (완료/전체)", "随访（已完成/全部）")
S["PoStaffIssuedAt"] = ("Issued", "발급", "生成时间")
S["PoStaffExpiresAt"] = ("Expires (UTC)", "만료 (UTC)", "失效时间（UTC）")
S["PoStaffAuto"] = ("automatic", "자동", "自动")
S["PoStaffRevoke"] = ("Revoke", "취소", "撤销")
S["PoStaffOutbox"] = ("Outbox", "발송함", "发件箱")
S["PoStaffWhen"] = ("When (UTC)", "시각 (UTC)", "时间（UTC）")
S["PoStaffMessage"] = ("Message", "메시지", "消息")
S["PoStaffChannel"] = ("Channel", "경로", "渠道")
S["PoStaffLink"] = ("Link", "링크", "链接")
codes("PoStatus", {
    "ACTIVE": ("Active", "유효", "有效"), "EXPIRED": ("Expired", "만료됨", "已过期"), "REVOKED": ("Revoked", "취소됨", "已撤销"),
    "USED_UP": ("All submitted", "모두 제출됨", "已全部提交"),
})
codes("PoSend", {
    "PENDING": ("pending", "대기", "待发送"), "TO_HAND_OVER": ("to hand over", "직접 전달", "待当面交付"), "SENT": ("e-mailed", "이메일 발송", "已发邮件"),
    "FAILED": ("e-mail failed", "이메일 실패", "邮件发送失败"), "NO_ADDRESS": ("no e-mail address", "이메일 주소 없음", "无邮箱地址"),
})
S["PoStaffQr"] = ("Or let the patient scan this code with the phone camera.", "또는 환자가 휴대전화 카메라로 이 코드를 스캔하게 하세요.", "或请患者用手机相机扫描此二维码。")
