# Treatment plans (issue 5, DOMAIN.md 2 TreatmentPlan and 3.5). Keys start with "Plan" to stay clear of other slices.
S["PlanSection"] = ("Treatment plans", "치료 계획", "治疗计划")
S["PlanNone"] = ("No treatment plan recorded.", "기록된 치료 계획이 없습니다.", "尚无治疗计划记录。")
S["PlanNew"] = ("New treatment plan", "새 치료 계획", "新建治疗计划")
S["PlanAmend"] = ("Amend plan", "계획 수정", "修改计划")
S["PlanOpen"] = ("Open", "열기", "打开")
S["PlanTitle"] = ("Treatment plan", "치료 계획", "治疗计划")
S["PlanNotFound"] = ("No such treatment plan, or not at one of your sites.", "해당 치료 계획이 없거나 담당 기관의 환자가 아닙니다.", "没有该治疗计划，或不属于您的机构。")
S["PlanBasis"] = ("Indication, consent and pathway", "적응증, 동의서, 경로", "适应证、知情同意与途径")
S["PlanTargetLevel"] = ("Spinal level (spine only, e.g. L4-5)", "척추 레벨 (척추만, 예: L4-5)", "脊柱节段（仅脊柱，例如 L4-5）")
S["PlanConsent"] = ("Treatment consent", "치료 동의서", "治疗知情同意书")
S["PlanResearchConsent"] = ("Research consent (for a referral to research)", "연구 동의서 (연구 의뢰 시)", "研究知情同意书（转介至研究时）")
S["PlanRegulatoryPathway"] = ("Regulatory pathway", "규제 경로", "监管途径")
S["PlanNoDecisions"] = ("No candidacy decision is recorded yet: a plan needs the physician's decision.", "아직 적합성 결정이 없습니다. 치료 계획에는 의사의 결정이 필요합니다.", "尚无适应性决定：治疗计划需要医生的决定。")
S["PlanLatestDecisions"] = ("Latest candidacy decision per target", "부위별 최근 적합성 결정", "各部位最近的适应性决定")
S["PlanProduct"] = ("Cell product and dose", "세포 제품과 용량", "细胞产品与剂量")
S["PlanCellSource"] = ("Cell source", "세포 공급원", "细胞来源")
S["PlanOrigin"] = ("Origin", "기원", "来源类型")
S["PlanManipulation"] = ("Manipulation", "조작 수준", "操作程度")
S["PlanTotalCells"] = ("Total cells per injection (×10⁶)", "주사당 총 세포 수 (×10⁶)", "每次注射细胞总数（×10⁶）")
S["PlanWeightUsed"] = ("cells/kg uses the latest weight: {0} kg (measured {1}).", "세포/kg는 최근 체중 {0} kg ({1} 측정)으로 계산합니다.", "细胞/kg 按最近体重计算：{0} kg（{1} 测量）。")
S["PlanDoseAtWeight"] = ("{0} ×10⁶ cells = {1} ×10⁶ cells/kg at this weight.", "{0} ×10⁶ 세포 = 이 체중에서 {1} ×10⁶ 세포/kg.", "{0} ×10⁶ 个细胞 = 按此体重 {1} ×10⁶ 个细胞/kg。")
S["PlanNoWeight"] = ("No weight is recorded: cells/kg cannot be computed. Record a weight on the patient chart.", "기록된 체중이 없어 세포/kg를 계산할 수 없습니다. 환자 차트에 체중을 기록하세요.", "未记录体重，无法计算细胞/kg。请在患者病历中记录体重。")
S["PlanTierAfterSave"] = ("The dose tier is computed when the plan is saved.", "용량 등급은 계획을 저장할 때 계산됩니다.", "剂量分级在保存计划时计算。")
S["PlanProcedure"] = ("Procedure", "시술", "操作")
S["PlanRoute"] = ("Route", "투여 경로", "给药途径")
S["PlanGuidance"] = ("Image guidance", "영상 유도", "影像引导")
S["PlanInjections"] = ("Planned injections", "계획 주사 횟수", "计划注射次数")
S["PlanIntervalDays"] = ("Interval between injections (days)", "주사 간격 (일)", "注射间隔（天）")
S["PlanEveryDays"] = ("every {0} days", "{0}일 간격", "每 {0} 天")
S["PlanAdjuncts"] = ("Adjuncts", "병용 요법", "辅助治疗")
S["PlanNoAdjunct"] = ("None", "없음", "无")
S["PlanRehab"] = ("Rehabilitation plan", "재활 계획", "康复计划")
S["PlanRehabProgramme"] = ("Programme", "프로그램", "方案")
S["PlanRehabWeeks"] = ("Weeks", "주 수", "周数")
S["PlanRehabSessions"] = ("Sessions per week", "주당 횟수", "每周次数")
S["PlanRehabSchedule"] = ("{0} weeks, {1} sessions per week", "{0}주, 주 {1}회", "{0} 周，每周 {1} 次")
S["PlanAmendReason"] = ("Reason for the amendment", "수정 사유", "修改理由")
S["PlanSave"] = ("Save plan", "계획 저장", "保存计划")
S["PlanVersion"] = ("Version", "버전", "版本")
S["PlanWarnings"] = ("Warnings", "주의", "警告")
S["PlanDose"] = ("Dose", "용량", "剂量")
S["PlanDoseValue"] = ("{0} ×10⁶ cells per injection · {1} ×10⁶ cells/kg (weight {2} kg, measured {3})", "주사당 {0} ×10⁶ 세포 · {1} ×10⁶ 세포/kg (체중 {2} kg, {3} 측정)", "每次注射 {0} ×10⁶ 个细胞 · {1} ×10⁶ 个细胞/kg（体重 {2} kg，{3} 测量）")
S["PlanDoseTier"] = ("Dose tier", "용량 등급", "剂量分级")
S["PlanRulesVersion"] = ("rules version", "규칙 버전", "规则版本")
S["PlanRestsOn"] = ("What the plan rests on", "계획의 근거", "计划依据")
S["PlanDecision"] = ("Candidacy decision", "적합성 결정", "适应性决定")
S["PlanChangeStatus"] = ("Complete or cancel the plan", "계획 완료 또는 취소", "完成或取消计划")
S["PlanStatusReason"] = ("Reason", "사유", "理由")
S["PlanHistory"] = ("Versions", "버전 이력", "版本记录")

codes("PlanCellSource", {
    "BM_MSC": ("Bone-marrow MSC (BM-MSC)", "골수 유래 중간엽 줄기세포 (BM-MSC)", "骨髓间充质干细胞 (BM-MSC)"),
    "AD_MSC": ("Adipose MSC (AD-MSC)", "지방 유래 중간엽 줄기세포 (AD-MSC)", "脂肪间充质干细胞 (AD-MSC)"),
    "UC_MSC": ("Umbilical-cord MSC (UC-MSC)", "제대 유래 중간엽 줄기세포 (UC-MSC)", "脐带间充质干细胞 (UC-MSC)"),
    "UCB_MSC": ("Umbilical-cord-blood MSC (UCB-MSC)", "제대혈 유래 중간엽 줄기세포 (UCB-MSC)", "脐带血间充质干细胞 (UCB-MSC)"),
    "BMAC": ("Bone marrow aspirate concentrate (BMAC)", "골수 흡인 농축물 (BMAC)", "骨髓浓缩物 (BMAC)"),
    "AD_SVF": ("Adipose stromal vascular fraction (SVF)", "지방 기질혈관분획 (SVF)", "脂肪基质血管组分 (SVF)"),
})
codes("PlanOrigin", {"AUTOLOGOUS": ("Autologous", "자가", "自体"), "ALLOGENEIC": ("Allogeneic", "동종(타가)", "异体（同种异体）")})
codes("PlanManipulation", {
    "MINIMAL": ("Minimal (concentration, washing, freezing, thawing)", "최소 조작 (농축, 세척, 동결, 해동)", "最低程度操作（浓缩、洗涤、冻存、复苏）"),
    "MORE_THAN_MINIMAL": ("More than minimal (culture expansion, enzymatic digestion)", "최소 조작 초과 (배양 증식, 효소 처리)", "超过最低程度操作（培养扩增、酶消化）"),
})
codes("PlanRoute", {
    "INTRA_ARTICULAR": ("Intra-articular", "관절강내", "关节腔内"),
    "SUBCHONDRAL_INTRAOSSEOUS": ("Subchondral / intraosseous", "연골하골 / 골내", "软骨下骨 / 骨内"),
    "INTRADISCAL": ("Intradiscal", "추간판내", "椎间盘内"),
    "INTRATHECAL": ("Intrathecal", "척수강내", "鞘内"),
    "INTRALESIONAL": ("Intralesional", "병변내", "病灶内"),
    "INTRAVENOUS": ("Intravenous", "정맥내", "静脉"),
})
codes("PlanGuidance", {
    "ULTRASOUND": ("Ultrasound", "초음파", "超声"), "FLUOROSCOPY": ("Fluoroscopy", "투시", "透视"), "CT": ("CT", "CT", "CT"),
    "ARTHROSCOPY": ("Arthroscopy", "관절경", "关节镜"), "NONE": ("None (landmark)", "없음 (해부학적 지표)", "无（体表标志）"),
})
codes("PlanAdjunct", {"PRP": ("Platelet-rich plasma (PRP)", "혈소판 풍부 혈장 (PRP)", "富血小板血浆 (PRP)"), "HA": ("Hyaluronic acid (HA)", "히알루론산 (HA)", "透明质酸 (HA)")})
codes("PlanStatus", {"ACTIVE": ("Active", "진행 중", "进行中"), "COMPLETED": ("Completed", "완료", "已完成"), "CANCELLED": ("Cancelled", "취소", "已取消")})
codes("PlanDoseTier", {"LOW": ("Low", "저용량", "低剂量"), "MEDIUM": ("Medium", "중간 용량", "中剂量"), "HIGH": ("High", "고용량", "高剂量")})

# Warnings stored with a plan (Core's TreatmentMessages.Warnings; the UI prefixes the key with "Plan.").
S["Plan.R1.KneeNoGuidance"] = ("R1: knee intra-articular injection planned with guidance {0}: image guidance is recommended.",
    "R1: 무릎 관절강내 주사가 영상 유도 {0}(으)로 계획되었습니다. 영상 유도를 권장합니다.",
    "R1：膝关节腔内注射计划的引导方式为 {0}，建议使用影像引导。")
S["Plan.Dose.NoWeight"] = ("No weight is recorded for the patient: cells/kg could not be computed. Record a weight and amend the plan.",
    "환자의 체중 기록이 없어 세포/kg를 계산하지 못했습니다. 체중을 기록하고 계획을 수정하세요.",
    "未记录患者体重，无法计算细胞/kg。请记录体重并修改计划。")
S["Plan.Pathway.Differs"] = ("The regulatory pathway {0} is not the pathway of the consent this plan rests on ({1}).",
    "규제 경로 {0}이(가) 이 계획의 근거 동의서 경로({1})와 다릅니다.",
    "监管途径 {0} 与本计划所依据的知情同意书途径（{1}）不同。")
