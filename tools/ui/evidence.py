# Evidence synthesis slice: literature library, meta-analysis workspace, PRISMA 2020, GRADE. Keys start with Ev.
S["EvNav"] = ("Evidence", "근거", "证据")
S["EvLibraryTitle"] = ("Literature library", "문헌 라이브러리", "文献库")
S["EvLibraryHelp"] = ("Published studies with their arm-level data or reported effects. Every study names its source.",
                      "군별 자료 또는 보고된 효과를 포함한 출판 연구입니다. 모든 연구에 출처가 표시됩니다.",
                      "已发表研究及其分组数据或报告的效应量。每项研究均注明来源。")
S["EvSearch"] = ("Title, author, DOI or PMID", "제목, 저자, DOI 또는 PMID", "标题、作者、DOI 或 PMID")
S["EvAny"] = ("Any", "전체", "全部")
S["EvFilter"] = ("Filter", "필터", "筛选")
S["EvNewStudy"] = ("Add a study", "연구 추가", "添加研究")
S["EvNewStudyHelp"] = ("Enter the figures as published. Give a DOI, a PMID or a source URL. Leave unused rows empty.",
                       "출판된 수치를 그대로 입력하세요. DOI, PMID 또는 출처 URL 중 하나가 필요합니다. 사용하지 않는 행은 비워 두세요.",
                       "按发表数据填写。需提供 DOI、PMID 或来源网址之一。未用的行请留空。")
S["EvImportExport"] = ("CSV import and export", "CSV 가져오기 및 내보내기", "CSV 导入与导出")
S["EvNoStudies"] = ("No studies match.", "일치하는 연구가 없습니다.", "没有匹配的研究。")
S["EvStudy"] = ("Study", "연구", "研究")
S["EvStudies"] = ("Studies", "연구 수", "研究数")
S["EvPatients"] = ("Patients", "환자 수", "患者数")
S["EvStudyNotFound"] = ("No such study.", "해당 연구가 없습니다.", "没有该研究。")
S["EvTitle"] = ("Title", "제목", "标题")
S["EvAuthors"] = ("Authors", "저자", "作者")
S["EvYear"] = ("Year", "연도", "年份")
S["EvDesign"] = ("Design", "연구 설계", "研究设计")
codes("EvDesign", {
    "RCT": ("Randomised controlled trial", "무작위 대조 시험", "随机对照试验"),
    "NON_RANDOMISED": ("Non-randomised trial", "비무작위 시험", "非随机试验"),
    "COHORT": ("Cohort study", "코호트 연구", "队列研究"),
    "CASE_SERIES": ("Case series", "증례 연구", "病例系列"),
    "META_ANALYSIS": ("Systematic review / meta-analysis", "체계적 문헌고찰 / 메타분석", "系统综述 / 荟萃分析"),
    "REGISTRY": ("Registry", "레지스트리", "登记研究"),
})
S["EvIndication"] = ("Indication", "적응증", "适应证")
codes("EvIndication", {
    "KNEE_OA": ("Knee osteoarthritis", "무릎 골관절염", "膝骨关节炎"),
    "HIP_OA": ("Hip osteoarthritis", "고관절 골관절염", "髋骨关节炎"),
    "DISC_DEGENERATION": ("Disc degeneration", "추간판 퇴행", "椎间盘退变"),
    "SCI": ("Spinal cord injury", "척수 손상", "脊髓损伤"),
})
S["EvCellSource"] = ("Cell source", "세포 유래", "细胞来源")
codes("EvCellSource", {
    "BM_MSC": ("Bone-marrow MSC", "골수 유래 중간엽 줄기세포", "骨髓间充质干细胞"),
    "AD_MSC": ("Adipose MSC", "지방 유래 중간엽 줄기세포", "脂肪间充质干细胞"),
    "UC_MSC": ("Umbilical-cord MSC", "제대 유래 중간엽 줄기세포", "脐带间充质干细胞"),
    "UCB_MSC": ("Cord-blood MSC", "제대혈 유래 중간엽 줄기세포", "脐带血间充质干细胞"),
    "BMAC": ("Bone marrow aspirate concentrate", "골수 흡인 농축물", "骨髓浓缩物"),
    "AD_SVF": ("Stromal vascular fraction", "기질혈관분획", "基质血管组分"),
    "PRP": ("Platelet-rich plasma", "혈소판 풍부 혈장", "富血小板血浆"),
})
S["EvRoute"] = ("Route", "투여 경로", "给药途径")
codes("EvRoute", {
    "INTRA_ARTICULAR": ("Intra-articular", "관절강내", "关节腔内"),
    "SUBCHONDRAL_INTRAOSSEOUS": ("Subchondral / intraosseous", "연골하골 / 골내", "软骨下骨 / 骨内"),
    "INTRADISCAL": ("Intradiscal", "추간판내", "椎间盘内"),
    "INTRATHECAL": ("Intrathecal", "척수강내", "鞘内"),
    "INTRALESIONAL": ("Intralesional", "병변내", "病灶内"),
    "INTRAVENOUS": ("Intravenous", "정맥내", "静脉"),
})
S["EvDose"] = ("Dose (cells × 10^6)", "용량 (세포 × 10^6)", "剂量（细胞 × 10^6）")
S["EvInjections"] = ("Injections", "주사 횟수", "注射次数")
S["EvFollowUpMonths"] = ("Follow-up (months)", "추적관찰 (개월)", "随访（月）")
S["EvCountry"] = ("Country", "국가", "国家")
S["EvSource"] = ("Source", "출처", "来源")
S["EvSourceLabel"] = ("Source label (where the figures come from)", "출처 표시 (수치의 출처)", "来源说明（数据出处）")
S["EvSourceUrl"] = ("Source URL", "출처 URL", "来源网址")
S["EvNotes"] = ("Reported figures not analysed (verbatim)", "분석하지 않은 보고 수치 (원문 그대로)", "未纳入分析的报告数据（原文）")
S["EvData"] = ("Data", "자료", "数据")
S["EvDataCounts"] = ("{0} arms, {1} arm results, {2} reported effects", "군 {0}개, 군별 결과 {1}건, 보고 효과 {2}건", "{0} 组，{1} 条分组结果，{2} 个报告效应")
S["EvVersion"] = ("Version", "버전", "版本")
S["EvNone"] = ("None.", "없음.", "无。")
S["EvArms"] = ("Arms", "군", "组别")
S["EvArmName"] = ("Arm", "군", "组")
S["EvArmRole"] = ("Role", "역할", "角色")
codes("EvRole", {"TREATMENT": ("Treatment", "치료군", "治疗组"), "CONTROL": ("Control", "대조군", "对照组")})
S["EvOutcomes"] = ("Arm-level results", "군별 결과", "分组结果")
S["EvOutcomesHelp"] = ("Continuous: mean, SD and n. Binary: events and n. Instrument codes as in the registry (PAIN_VAS, WOMAC, KOOS …), score names such as vas_mm or total.",
                       "연속형: 평균, 표준편차, n. 이분형: 사건 수와 n. 도구 코드는 레지스트리와 동일 (PAIN_VAS, WOMAC, KOOS …), 점수 이름 예: vas_mm, total.",
                       "连续型：均值、标准差和 n。二分类：事件数和 n。量表代码与登记系统一致（PAIN_VAS、WOMAC、KOOS …），评分名称如 vas_mm 或 total。")
S["EvInstrument"] = ("Instrument", "평가 도구", "量表")
S["EvSubscale"] = ("Score", "점수", "评分")
S["EvMonth"] = ("Time point (months)", "시점 (개월)", "时间点（月）")
S["EvMean"] = ("Mean", "평균", "均值")
S["EvEvents"] = ("Events", "사건 수", "事件数")
S["EvReportedEffects"] = ("Reported effects", "보고된 효과", "报告的效应量")
S["EvMeasure"] = ("Measure", "효과 척도", "效应指标")
S["EvEstimate"] = ("Estimate", "추정치", "估计值")
S["EvCiLower"] = ("95% CI lower", "95% 신뢰구간 하한", "95% CI 下限")
S["EvCiUpper"] = ("95% CI upper", "95% 신뢰구간 상한", "95% CI 上限")
S["EvSaveStudy"] = ("Save study", "연구 저장", "保存研究")
S["EvSave"] = ("Save", "저장", "保存")
S["EvExport"] = ("Export", "내보내기", "导出")
S["EvDownloadCsv"] = ("Download the library as CSV", "라이브러리를 CSV로 내려받기", "以 CSV 下载文献库")
S["EvImport"] = ("Import", "가져오기", "导入")
S["EvImportHelp"] = ("Paste a CSV with these columns (the export's format). Nothing is stored unless every row is valid.",
                     "다음 열을 가진 CSV를 붙여 넣으세요 (내보내기 형식과 동일). 모든 행이 유효해야 저장됩니다.",
                     "粘贴包含以下列的 CSV（与导出格式相同）。仅当所有行都有效时才会保存。")
S["EvCsvText"] = ("CSV", "CSV", "CSV")
S["EvImported"] = ("{0} studies imported.", "연구 {0}건을 가져왔습니다.", "已导入 {0} 项研究。")
S["EvDemoLibrary"] = ("Demo library", "데모 라이브러리", "演示文献库")
S["EvDemoHelp"] = ("Adds the published figures quoted in the domain brief (section 5), each labelled with its source. Studies already loaded are not added twice.",
                   "도메인 문서 5절에 인용된 출판 수치를 출처와 함께 추가합니다. 이미 추가된 연구는 다시 추가되지 않습니다.",
                   "添加领域说明第 5 节引用的已发表数据，并标注来源。已添加的研究不会重复添加。")
S["EvLoadDemo"] = ("Load demo library", "데모 라이브러리 불러오기", "加载演示文献库")
S["EvDemoAdded"] = ("{0} demo studies added.", "데모 연구 {0}건을 추가했습니다.", "已添加 {0} 项演示研究。")
S["EvMetaTitle"] = ("Meta-analysis workspace", "메타분석 작업공간", "荟萃分析工作区")
S["EvMetaSettings"] = ("Analysis settings", "분석 설정", "分析设置")
S["EvMetaHelp"] = ("Every number is computed by the statistics engine (checked against R metafor). Studies without data for this outcome are listed with the reason.",
                   "모든 수치는 통계 엔진(R metafor로 검증)이 계산합니다. 이 결과변수 자료가 없는 연구는 사유와 함께 표시됩니다.",
                   "所有数值均由统计引擎计算（已与 R metafor 核对）。缺少该结局数据的研究会列出原因。")
S["EvMethod"] = ("τ² estimator", "τ² 추정법", "τ² 估计方法")
codes("EvMethod", {
    "FE": ("Fixed effect (FE)", "고정효과 (FE)", "固定效应 (FE)"),
    "DL": ("DerSimonian-Laird (DL)", "DerSimonian-Laird (DL)", "DerSimonian-Laird (DL)"),
    "REML": ("Restricted maximum likelihood (REML)", "제한 최대우도 (REML)", "限制性最大似然 (REML)"),
    "ML": ("Maximum likelihood (ML)", "최대우도 (ML)", "最大似然 (ML)"),
    "PM": ("Paule-Mandel (PM)", "Paule-Mandel (PM)", "Paule-Mandel (PM)"),
    "HE": ("Hedges (HE)", "Hedges (HE)", "Hedges (HE)"),
    "SJ": ("Sidik-Jonkman (SJ)", "Sidik-Jonkman (SJ)", "Sidik-Jonkman (SJ)"),
})
S["EvTest"] = ("Test", "검정", "检验")
codes("EvTest", {"z": ("z (normal)", "z (정규분포)", "z（正态）"), "knha": ("Knapp-Hartung (t)", "Knapp-Hartung (t)", "Knapp-Hartung (t)")})
S["EvSubgroupBy"] = ("Subgroups", "하위군", "亚组")
codes("EvSubgroupBy", {"cellSource": ("By cell source", "세포 유래별", "按细胞来源"), "route": ("By route", "투여 경로별", "按给药途径")})
S["EvNoSubgroups"] = ("None", "없음", "无")
S["EvClinicRow"] = ("Clinic registry row", "본원 레지스트리 행", "本院登记数据行")
S["EvYes"] = ("Yes", "예", "是")
S["EvNo"] = ("No", "아니요", "否")
S["EvRun"] = ("Run", "실행", "运行")
S["EvForest"] = ("Forest plot", "포레스트 플롯", "森林图")
S["EvDownloadSvg"] = ("Download SVG", "SVG 내려받기", "下载 SVG")
S["EvDownloadData"] = ("Download data (CSV)", "자료 내려받기 (CSV)", "下载数据（CSV）")
S["EvPooled"] = ("Pooled estimate [95% CI]", "통합 추정치 [95% 신뢰구간]", "合并估计值 [95% CI]")
S["EvPredictionInterval"] = ("Prediction interval", "예측 구간", "预测区间")
S["EvStudiesPatients"] = ("Studies · patients", "연구 수 · 환자 수", "研究数 · 患者数")
S["EvHeterogeneity"] = ("Heterogeneity", "이질성", "异质性")
S["EvClinicNote"] = ("Clinic registry (non-randomised, pre-post): the clinic's own mean change from baseline, without a control group. It is not comparable to a randomised between-group difference and is not pooled.",
                     "본원 레지스트리 (비무작위, 전후 비교): 대조군 없이 기저치 대비 본원의 평균 변화입니다. 무작위 군간 차이와 비교할 수 없으며 통합되지 않습니다.",
                     "本院登记数据（非随机、前后对照）：本院相对基线的平均变化，无对照组。不能与随机组间差异直接比较，也不参与合并。")
S["EvClinicResult"] = ("Visit {0}: n = {1}, mean change {2} [{3}, {4}]. Treated patients {5}; without baseline {6}; without this visit {7}.",
                       "방문 {0}: n = {1}, 평균 변화 {2} [{3}, {4}]. 치료 환자 {5}명; 기저치 없음 {6}명; 해당 방문 없음 {7}명.",
                       "随访 {0}：n = {1}，平均变化 {2} [{3}, {4}]。治疗患者 {5} 名；无基线 {6} 名；无该次随访 {7} 名。")
S["EvSubgroups"] = ("Subgroups", "하위군 분석", "亚组分析")
S["EvSubgroup"] = ("Subgroup", "하위군", "亚组")
S["EvSubgroupTest"] = ("Test of subgroup differences", "하위군 간 차이 검정", "亚组间差异检验")
S["EvPickSubgroup"] = ("Choose subgroups by cell source or route above.", "위에서 세포 유래 또는 투여 경로별 하위군을 선택하세요.", "请在上方选择按细胞来源或给药途径分亚组。")
S["EvMetaRegression"] = ("Meta-regression on log dose", "로그 용량 메타회귀", "对数剂量的荟萃回归")
S["EvTerm"] = ("Term", "항", "项")
S["EvFunnel"] = ("Funnel plot", "깔때기 도표", "漏斗图")
S["EvEggerTrimFill"] = ("Egger's test and trim-and-fill", "Egger 검정과 trim-and-fill", "Egger 检验与剪补法")
S["EvEgger"] = ("Egger's test", "Egger 검정", "Egger 检验")
S["EvLimitEstimate"] = ("limit estimate", "극한 추정치", "极限估计值")
S["EvTrimFill"] = ("Trim-and-fill", "Trim-and-fill", "剪补法")
S["EvLeaveOneOut"] = ("Leave-one-out", "하나씩 제외 분석", "逐一剔除分析")
S["EvOmitted"] = ("Omitted", "제외한 연구", "剔除的研究")
S["EvCumulative"] = ("Cumulative by year", "연도별 누적", "按年份累积")
S["EvAdded"] = ("Study added", "추가된 연구", "加入的研究")
S["EvStudiesInAnalysis"] = ("Studies in the library", "라이브러리의 연구", "文献库中的研究")
S["EvBasis"] = ("Basis", "근거 자료", "依据")
S["EvWeight"] = ("Weight", "가중치", "权重")
S["EvExcluded"] = ("Not in the analysis because", "분석 제외 사유", "未纳入分析的原因")
S["EvPrismaTitle"] = ("PRISMA 2020 flow diagram", "PRISMA 2020 흐름도", "PRISMA 2020 流程图")
S["EvPrismaHelp"] = ("Enter the counts of your review; each box must follow from the box above it.",
                     "문헌고찰의 건수를 입력하세요. 각 상자는 위 상자의 수에서 계산되어야 합니다.",
                     "输入综述各阶段的数量；每个方框须由上一方框推算得出。")
S["EvPrismaNew"] = ("New flow diagram", "새 흐름도", "新建流程图")
S["EvReviewTitle"] = ("Review title", "문헌고찰 제목", "综述标题")
S["EvPrismaIdentified"] = ("Records identified per source", "출처별 검색된 기록", "各来源检索到的记录")
S["EvPrismaSource"] = ("Source", "출처", "来源")
S["EvPrismaDuplicates"] = ("Duplicates removed", "중복 제거", "去除重复")
S["EvPrismaAutomation"] = ("Marked ineligible by automation tools", "자동화 도구로 부적격 처리", "自动化工具标记为不合格")
S["EvPrismaOtherRemoved"] = ("Removed for other reasons", "기타 사유로 제거", "因其他原因去除")
S["EvPrismaScreened"] = ("Records screened", "선별한 기록", "筛选的记录")
S["EvPrismaExcludedScreening"] = ("Records excluded at screening", "선별 단계 제외 기록", "筛选阶段排除的记录")
S["EvPrismaSought"] = ("Reports sought for retrieval", "원문 검색 시도", "寻求获取的报告")
S["EvPrismaNotRetrieved"] = ("Reports not retrieved", "원문 미확보", "未获取的报告")
S["EvPrismaAssessed"] = ("Reports assessed for eligibility", "적격성 평가 보고서", "评估合格性的报告")
S["EvPrismaReportsExcluded"] = ("Reports excluded, with reasons", "사유별 제외 보고서", "排除的报告及原因")
S["EvPrismaReason"] = ("Reason", "사유", "原因")
S["EvPrismaStudiesIncluded"] = ("Studies included", "포함된 연구", "纳入的研究")
S["EvPrismaReportsIncluded"] = ("Reports of included studies", "포함된 연구의 보고서", "纳入研究的报告")
S["EvGradeTitle"] = ("GRADE summary of findings", "GRADE 결과 요약", "GRADE 结果总结")
S["EvGradeHelp"] = ("Rate each outcome's body of evidence; the table pools the library's current studies for that outcome and gives the certainty per the GRADE handbook.",
                    "결과변수별 근거를 평가하세요. 표는 해당 결과변수에 대한 현재 라이브러리 연구를 통합하고 GRADE 핸드북에 따른 확실성을 표시합니다.",
                    "对每个结局的证据体进行评级；表格合并文献库中该结局的现有研究，并按 GRADE 手册给出确定性。")
S["EvSofTitle"] = ("Summary of findings", "결과 요약표", "结果总结表")
S["EvOutcome"] = ("Outcome", "결과변수", "结局")
S["EvCertainty"] = ("Certainty", "확실성", "确定性")
codes("EvCertainty", {"HIGH": ("High", "높음", "高"), "MODERATE": ("Moderate", "중간", "中"), "LOW": ("Low", "낮음", "低"), "VERY_LOW": ("Very low", "매우 낮음", "极低")})
S["EvGradeNew"] = ("Rate an outcome", "결과변수 평가", "评级结局")
S["EvGradeEvidence"] = ("Body of evidence", "근거 유형", "证据类型")
codes("EvGradeEvidence", {"RANDOMISED": ("Randomised trials (start high)", "무작위 시험 (높음에서 시작)", "随机试验（起始为高）"),
                          "OBSERVATIONAL": ("Observational studies (start low)", "관찰 연구 (낮음에서 시작)", "观察性研究（起始为低）")})
codes("EvGradeDomain", {
    "riskOfBias": ("Risk of bias", "비뚤림 위험", "偏倚风险"),
    "inconsistency": ("Inconsistency", "비일관성", "不一致性"),
    "indirectness": ("Indirectness", "비직접성", "间接性"),
    "imprecision": ("Imprecision", "비정밀성", "不精确性"),
    "publicationBias": ("Publication bias", "출판 비뚤림", "发表偏倚"),
})
codes("EvRating", {"NO": ("Not serious", "심각하지 않음", "不严重"), "SERIOUS": ("Serious", "심각함", "严重"), "VERY_SERIOUS": ("Very serious", "매우 심각함", "非常严重")})
S["EvGradeLargeEffect"] = ("Upgrade: large effect (0–2, observational only)", "상향: 큰 효과 (0–2, 관찰 연구만)", "升级：效应量大（0–2，仅观察性研究）")
S["EvGradeDoseResponse"] = ("Upgrade: dose-response gradient (0–1)", "상향: 용량-반응 관계 (0–1)", "升级：剂量-反应梯度（0–1）")
S["EvGradeConfounding"] = ("Upgrade: plausible confounding would reduce the effect (0–1)", "상향: 교란이 효과를 줄였을 가능성 (0–1)", "升级：可能的混杂会减小效应（0–1）")
S["EvFootnotes"] = ("Footnotes (reasons for each rating)", "각주 (평가 사유)", "脚注（各项评级理由）")
