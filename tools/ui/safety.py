# Safety slice: adverse events, regulatory reports, due list, summary. Keys start with Ae or Safety.
S["AeListTitle"] = ("Adverse events", "이상사례", "不良事件")
S["AeNew"] = ("Report an adverse event", "이상사례 보고", "报告不良事件")
S["AeRecord"] = ("Record adverse event", "이상사례 기록", "记录不良事件")
S["AeNone"] = ("No adverse events recorded.", "기록된 이상사례가 없습니다.", "没有记录的不良事件。")
S["AeView"] = ("Adverse event", "이상사례", "不良事件")
S["AeTerm"] = ("Reported term", "보고된 용어", "报告术语")
S["AeCtcaeTerm"] = ("CTCAE term", "CTCAE 용어", "CTCAE 术语")
S["AeCtcaeVersion"] = ("CTCAE version", "CTCAE 버전", "CTCAE 版本")
S["AeMeddraPt"] = ("MedDRA preferred-term code (optional, 8 digits)", "MedDRA 대표용어 코드(선택, 8자리)", "MedDRA 首选术语代码（可选，8 位）")
S["AeGrade"] = ("CTCAE grade", "CTCAE 등급", "CTCAE 分级")
codes("AeGrade", {
    "1": ("1 – mild", "1 – 경증", "1 – 轻度"),
    "2": ("2 – moderate", "2 – 중등도", "2 – 中度"),
    "3": ("3 – severe or medically significant", "3 – 중증 또는 의학적으로 중요", "3 – 重度或具有医学意义"),
    "4": ("4 – life-threatening", "4 – 생명을 위협", "4 – 危及生命"),
    "5": ("5 – death related to the event", "5 – 이상사례와 관련된 사망", "5 – 与不良事件相关的死亡"),
})
S["AeOnset"] = ("Onset", "발현일", "发生日期")
S["AeResolved"] = ("Resolved on", "회복일", "缓解日期")
S["AeAwareDate"] = ("Date the clinic became aware (Day 0)", "기관이 인지한 날짜(0일)", "机构获知日期（第 0 天）")
S["AeOutcome"] = ("Outcome", "결과", "结局")
codes("AeOutcome", {
    "RECOVERED": ("Recovered", "회복", "痊愈"),
    "RECOVERING": ("Recovering", "회복 중", "恢复中"),
    "NOT_RECOVERED": ("Not recovered", "회복되지 않음", "未恢复"),
    "RECOVERED_WITH_SEQUELAE": ("Recovered with sequelae", "후유증을 동반한 회복", "痊愈但有后遗症"),
    "FATAL": ("Fatal", "사망", "死亡"),
    "UNKNOWN": ("Unknown", "알 수 없음", "未知"),
})
S["AeSeriousness"] = ("Seriousness criteria (ICH E2A)", "중대성 기준(ICH E2A)", "严重性标准（ICH E2A）")
S["AeSeriousnessHint"] = ("Tick every criterion that applies; none ticked means not serious. Severity (the grade) is not seriousness.",
    "해당하는 기준을 모두 선택하세요. 선택하지 않으면 중대하지 않은 것으로 기록됩니다. 중증도(등급)는 중대성과 다릅니다.",
    "勾选所有适用的标准；不勾选即为非严重。严重程度（分级）不等于严重性。")
codes("AeCriterion", {
    "DEATH": ("Death", "사망", "死亡"),
    "LIFE_THREATENING": ("Life-threatening (at risk of death at the time)", "생명을 위협(당시 사망 위험)", "危及生命（当时有死亡风险）"),
    "HOSPITALIZATION": ("Inpatient hospitalisation or prolonged stay", "입원 또는 입원 기간 연장", "住院或延长住院"),
    "PERSISTENT_OR_SIGNIFICANT_DISABILITY": ("Persistent or significant disability", "지속적 또는 중대한 장애", "持续或显著的残疾"),
    "CONGENITAL_ANOMALY": ("Congenital anomaly", "선천적 기형", "先天性异常"),
    "IMPORTANT_MEDICAL_EVENT": ("Important medical event (medical judgement)", "중요한 의학적 사건(의학적 판단)", "重要医学事件（医学判断）"),
})
S["AeSeriousnessAssessed"] = ("Seriousness assessed: this grade 4 event is not serious", "중대성 평가 완료: 이 4등급 사례는 중대하지 않음", "已评估严重性：此 4 级事件为非严重")
S["AeRelatedToProduct"] = ("Related to the cell product", "세포 제품과의 인과관계", "与细胞产品的相关性")
S["AeRelatedToProcedure"] = ("Related to the procedure (harvest or injection)", "시술(채취 또는 주사)과의 인과관계", "与操作（采集或注射）的相关性")
codes("AeRelatedness", {
    "UNRELATED": ("Unrelated", "관련 없음", "无关"),
    "UNLIKELY": ("Unlikely", "관련 가능성 적음", "可能无关"),
    "POSSIBLE": ("Possible", "관련 가능성 있음", "可能有关"),
    "PROBABLE": ("Probable", "상당히 확실함", "很可能有关"),
    "DEFINITE": ("Definite", "확실함", "肯定有关"),
})
S["AeAction"] = ("Action taken", "조치", "采取的措施")
codes("AeAction", {
    "NONE": ("None", "없음", "无"),
    "TREATED": ("Treated", "치료함", "已治疗"),
    "HOSPITALIZED": ("Hospitalised", "입원", "住院"),
    "FURTHER_INJECTIONS_STOPPED": ("Further injections stopped", "추가 주사 중단", "停止后续注射"),
})
S["AeReporter"] = ("Reporter (blank: you)", "보고자(비워 두면 본인)", "报告人（留空即为您本人）")
S["AeProductLink"] = ("Administration and product (when known)", "투여 및 제품(알고 있는 경우)", "给药与产品（如已知）")
S["AeRoute"] = ("Route of the administration", "투여 경로", "给药途径")
codes("AeRoute", {
    "INTRA_ARTICULAR": ("Intra-articular", "관절강내", "关节腔内"),
    "SUBCHONDRAL_INTRAOSSEOUS": ("Subchondral / intraosseous", "연골하 / 골내", "软骨下 / 骨内"),
    "INTRADISCAL": ("Intradiscal", "추간판내", "椎间盘内"),
    "INTRATHECAL": ("Intrathecal", "척수강내", "鞘内"),
    "INTRALESIONAL": ("Intralesional", "병변내", "病灶内"),
    "INTRAVENOUS": ("Intravenous", "정맥내", "静脉"),
})
S["AeCellSource"] = ("Cell source", "세포 유래", "细胞来源")
codes("AeCellSource", {
    "BM_MSC": ("Bone-marrow MSC", "골수 유래 중간엽 줄기세포", "骨髓间充质干细胞"),
    "AD_MSC": ("Adipose MSC", "지방 유래 중간엽 줄기세포", "脂肪间充质干细胞"),
    "UC_MSC": ("Umbilical-cord MSC", "제대 유래 중간엽 줄기세포", "脐带间充质干细胞"),
    "UCB_MSC": ("Umbilical-cord-blood MSC", "제대혈 유래 중간엽 줄기세포", "脐带血间充质干细胞"),
    "BMAC": ("Bone marrow aspirate concentrate", "골수 흡인 농축물", "骨髓浓缩物"),
    "AD_SVF": ("Stromal vascular fraction", "기질혈관분획", "基质血管组分"),
})
S["AeLotId"] = ("Lot", "로트", "批次")
S["AeAdministrationId"] = ("Administration", "투여 기록", "给药记录")
S["AeUnknown"] = ("— not known —", "— 모름 —", "— 未知 —")
S["AePathway"] = ("Regulatory pathway", "규제 경로", "监管途径")
S["AePathwayFromConsent"] = ("From the latest valid consent", "최신 유효 동의서에 따름", "依据最新有效的知情同意")
S["AeDerived"] = ("Derived by the rules", "규칙에 따른 판정", "规则判定")
S["AeSerious"] = ("Serious", "중대함", "严重")
S["AeNotSerious"] = ("Not serious", "중대하지 않음", "非严重")
S["AeRelated"] = ("Related (adverse reaction)", "인과관계 있음(약물이상반응)", "相关（不良反应）")
S["AeNotRelated"] = ("Not related", "인과관계 없음", "不相关")
S["AeExpected"] = ("Expected", "예상된", "预期")
S["AeUnexpected"] = ("Unexpected", "예상하지 못한", "非预期")
S["AeSusar"] = ("SUSAR: expedited report required", "SUSAR: 신속 보고 필요", "SUSAR：需快速报告")
S["AeNotSusar"] = ("Not a SUSAR: no expedited report", "SUSAR 아님: 신속 보고 불필요", "非 SUSAR：无需快速报告")
codes("AeBasis", {
    "LISTED": ("listed in the reference safety list as {0} (up to grade {1}).", "참고 안전성 목록에 {0}(으)로 등재됨({1}등급까지).", "参考安全性列表中列为 {0}（至 {1} 级）。"),
    "NEVER_EXPECTED": ("{0} is a listed risk that is never expected.", "{0}은(는) 목록에 있는 위험이지만 결코 예상된 사례로 보지 않습니다.", "{0} 是列出的风险，但从不视为预期。"),
    "SEVERITY": ("{0} is expected only up to grade {1}: a more severe event is unexpected.", "{0}은(는) {1}등급까지만 예상됩니다. 더 중한 사례는 예상하지 못한 사례입니다.", "{0} 仅在 {1} 级以内为预期：更严重的事件为非预期。"),
    "ROUTE": ("{0} is expected only after {2}.", "{0}은(는) {2} 투여 후에만 예상됩니다.", "{0} 仅在 {2} 给药后为预期。"),
    "NOT_LISTED": ("not in the reference safety list.", "참고 안전성 목록에 없습니다.", "不在参考安全性列表中。"),
})
S["AeGrade4Warning"] = ("Grade 4 (life-threatening) recorded as not serious; seriousness was explicitly assessed.",
    "4등급(생명 위협)이 중대하지 않음으로 기록되었습니다. 중대성은 명시적으로 평가되었습니다.",
    "4 级（危及生命）记录为非严重；已明确评估严重性。")
S["AeRulesVersion"] = ("Derived with safety rules version {0}.", "안전성 규칙 버전 {0}으로 판정했습니다.", "依据安全性规则版本 {0} 判定。")
S["AeReports"] = ("Regulatory reports and their clock", "규제 보고와 기한", "监管报告及时限")
S["AeClockNote"] = ("Day 0 is {0}. Fatal or life-threatening SUSAR: initial report by day {1}, completion by day {2}. Other SUSAR: by day {3}. Calendar days; the due date itself is on time.",
    "0일은 {0}입니다. 사망 또는 생명을 위협하는 SUSAR: {1}일까지 최초 보고, {2}일까지 완결 보고. 그 밖의 SUSAR: {3}일까지. 역일 기준이며 기한 당일까지는 기한 내입니다.",
    "第 0 天为 {0}。致死或危及生命的 SUSAR：第 {1} 天前首次报告，第 {2} 天前完成报告。其他 SUSAR：第 {3} 天前。按日历日计算，截止日当天仍属按时。")
S["AeNoReports"] = ("No reports required.", "필요한 보고가 없습니다.", "无需报告。")
S["AeAuthority"] = ("Authority", "보고 기관", "报告机构")
codes("AeAuthority", {
    "KR_KNIH_ARMI": ("Korea: KNIH (ARMI)", "한국: 국립보건연구원(첨단재생의료 안전관리)", "韩国：国立保健研究院（ARMI）"),
    "KR_MFDS": ("Korea: MFDS", "한국: 식품의약품안전처", "韩国：食品医药品安全处"),
    "CN_NHC": ("China: NHC", "중국: 국가위생건강위원회", "中国：国家卫生健康委员会"),
    "US_FDA": ("US: FDA", "미국: FDA", "美国：FDA"),
    "IRB": ("IRB / safety committee", "IRB / 안전성 위원회", "伦理委员会 / 安全委员会"),
})
S["AeReportType"] = ("Report", "보고 유형", "报告类型")
codes("AeReportType", {
    "INITIAL": ("Initial", "최초", "首次"),
    "FOLLOW_UP": ("Follow-up (completion)", "추가(완결)", "随访（完成）"),
    "ANNUAL": ("Annual", "연차", "年度"),
})
S["AeDueDate"] = ("Due", "기한", "截止日期")
S["AeSubmitted"] = ("Submitted", "제출함", "已提交")
S["AeReference"] = ("Authority's reference number", "기관 접수번호", "机构受理编号")
S["AeOverdue"] = ("Overdue", "기한 초과", "已逾期")
S["AeOpen"] = ("Open", "미제출", "待提交")
S["AeNotRequired"] = ("No longer required", "더 이상 필요 없음", "不再需要")
S["AeHistory"] = ("Versions", "버전 기록", "版本记录")
S["AeVersion"] = ("Version", "버전", "版本")
S["AeRecordedBy"] = ("Recorded by", "기록자", "记录人")
S["AeReason"] = ("Reason", "사유", "原因")
S["AeFollowUp"] = ("Follow-up, resolution or re-grading", "추가 정보, 회복 또는 재평가", "随访、缓解或重新分级")
S["AeFollowUpReason"] = ("Reason for this new version", "새 버전의 사유", "本版本的原因")
S["AeSaveFollowUp"] = ("Save new version", "새 버전 저장", "保存新版本")
S["AeConflict"] = ("Someone else changed this event. Reload the page and enter the follow-up again.",
    "다른 사용자가 이 사례를 변경했습니다. 페이지를 새로 고친 뒤 다시 입력하세요.", "其他人已修改此事件。请重新加载页面后再次输入。")
S["SafetyNav"] = ("Safety", "안전성", "安全性")
S["SafetyDueTitle"] = ("Regulatory reports due", "제출 기한이 있는 규제 보고", "待提交的监管报告")
S["SafetyNoneDue"] = ("No reports due.", "제출할 보고가 없습니다.", "没有待提交的报告。")
S["SafetyDaysLeft"] = ("{0} days left", "{0}일 남음", "剩余 {0} 天")
S["SafetyDaysOverdue"] = ("{0} days overdue", "{0}일 초과", "逾期 {0} 天")
S["SafetyDueToday"] = ("Due today", "오늘 마감", "今天截止")
S["SafetySubmitTitle"] = ("Record a submission", "제출 기록", "记录提交")
S["SafetyReport"] = ("Report", "보고", "报告")
S["SafetySubmittedAt"] = ("Submitted on (blank: now)", "제출일(비워 두면 지금)", "提交日期（留空即为现在）")
S["SafetySubmit"] = ("Record submission", "제출 기록", "记录提交")
S["SafetyBanner"] = ("Overdue regulatory reports: {0}.", "기한이 지난 규제 보고: {0}건.", "逾期的监管报告：{0} 份。")
S["SafetyBannerLink"] = ("Open the due list", "기한 목록 열기", "打开待提交列表")
S["SafetySummaryTitle"] = ("Safety summary", "안전성 요약", "安全性汇总")
S["SafetySusarCount"] = ("SUSARs: {0}", "SUSAR: {0}건", "SUSAR：{0} 例")
S["SafetyExposureNote"] = ("Rates need the number of treated patients and injections from the administration records; until those exist, rates are shown as not available.",
    "비율에는 투여 기록의 치료 환자 수와 주사 횟수가 필요합니다. 기록이 생기기 전까지 비율은 '산출 불가'로 표시됩니다.",
    "比率需要给药记录中的治疗患者数和注射次数；在有这些记录之前，比率显示为“无法计算”。")
S["SafetyGroup"] = ("Group", "구분", "分组")
S["SafetyEvents"] = ("Events", "사례 수", "事件数")
S["SafetyPatientsWithEvents"] = ("Patients with an event", "사례가 있는 환자 수", "发生事件的患者数")
S["SafetyPerPatient"] = ("Events per treated patient", "치료 환자당 사례 수", "每名治疗患者的事件数")
S["SafetyPer100"] = ("Events per 100 injections", "주사 100회당 사례 수", "每 100 次注射的事件数")
S["SafetyNotAvailable"] = ("not available", "산출 불가", "无法计算")
codes("SafetyDim", {
    "TOTAL": ("All events", "전체 사례", "全部事件"),
    "GRADE": ("Grade", "등급", "分级"),
    "SERIOUSNESS": ("Seriousness", "중대성", "严重性"),
    "RELATEDNESS": ("Related to", "인과관계", "相关性"),
    "CELL_SOURCE": ("Cell source", "세포 유래", "细胞来源"),
    "LOT": ("Lot", "로트", "批次"),
})
codes("SafetyKey", {
    "SERIOUS": ("serious", "중대함", "严重"),
    "NON_SERIOUS": ("not serious", "중대하지 않음", "非严重"),
    "PRODUCT": ("product", "제품", "产品"),
    "PROCEDURE": ("procedure", "시술", "操作"),
    "UNRELATED": ("neither", "관련 없음", "均无关"),
    "UNKNOWN": ("not known", "모름", "未知"),
})
