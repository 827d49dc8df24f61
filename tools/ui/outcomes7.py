# Outcomes and evidence, round 7: chart texts, the clinic beside the literature, saved cohorts on the survival,
# lot-to-outcome and safety pages, the progress report chart. Keys start with "Ch" (charts) or "O7".
S["ChForestStudy"] = ("Study", "연구", "研究")
S["ChForestWeightEstimate"] = ("Weight   Estimate [95% CI]", "가중치   추정치 [95% CI]", "权重   估计值 [95% CI]")
S["ChForestFixed"] = ("Fixed-effect model", "고정효과 모형", "固定效应模型")
S["ChForestRandom"] = ("Random-effects model ({0})", "무작위효과 모형 ({0})", "随机效应模型（{0}）")
S["ChForestPrediction"] = ("Prediction interval", "예측 구간", "预测区间")
S["ChForestTitle"] = ("Forest plot of {0} studies, {1}", "연구 {0}편의 숲 그림, {1}", "{0}项研究的森林图，{1}")
S["ChForestTitleRegistry"] = ("Forest plot of {0} studies, {1}, with the clinic registry row", "연구 {0}편의 숲 그림, {1}, 병원 레지스트리 행 포함", "{0}项研究的森林图，{1}，含本院登记数据行")
S["ChClinicRow"] = ("Clinic registry, n = {0}", "병원 레지스트리, n = {0}", "本院登记数据，n = {0}")
S["ChClinicVersus"] = (" vs {0}, n = {1}", " 대 {0}, n = {1}", " 对比 {0}，n = {1}")
S["ChClinicNote"] = ("non-randomised registry data", "비무작위 레지스트리 자료", "非随机登记数据")
S["ChFunnelSe"] = ("Standard error", "표준오차", "标准误")
S["ChFunnelTitle"] = ("Funnel plot of {0} studies", "연구 {0}편의 깔때기 그림", "{0}项研究的漏斗图")
S["ChFunnelTitleFilled"] = ("Funnel plot of {0} studies with {1} filled", "연구 {0}편의 깔때기 그림 (보충 {1}편)", "{0}项研究的漏斗图（填补{1}项）")
S["ChPrismaIdentification"] = ("Identification", "식별", "识别")
S["ChPrismaScreening"] = ("Screening", "선별", "筛选")
S["ChPrismaIncluded"] = ("Included", "포함", "纳入")
S["ChPrismaRecordsIdentified"] = ("Records identified (n = {0}):", "식별된 기록 (n = {0}):", "识别的记录（n = {0}）：")
S["ChPrismaRemoved"] = ("Records removed before screening:", "선별 전 제거된 기록:", "筛选前移除的记录：")
S["ChPrismaDuplicates"] = ("Duplicates (n = {0})", "중복 (n = {0})", "重复（n = {0}）")
S["ChPrismaAutomation"] = ("Marked ineligible by automation (n = {0})", "자동화 도구로 부적격 판정 (n = {0})", "自动化工具标记为不合格（n = {0}）")
S["ChPrismaOther"] = ("Removed for other reasons (n = {0})", "기타 사유로 제거 (n = {0})", "其他原因移除（n = {0}）")
S["ChPrismaScreened"] = ("Records screened (n = {0})", "선별된 기록 (n = {0})", "筛选的记录（n = {0}）")
S["ChPrismaExcluded"] = ("Records excluded (n = {0})", "제외된 기록 (n = {0})", "排除的记录（n = {0}）")
S["ChPrismaSought"] = ("Reports sought for retrieval (n = {0})", "입수를 시도한 보고서 (n = {0})", "寻求获取的报告（n = {0}）")
S["ChPrismaNotRetrieved"] = ("Reports not retrieved (n = {0})", "입수하지 못한 보고서 (n = {0})", "未获取的报告（n = {0}）")
S["ChPrismaAssessed"] = ("Reports assessed for eligibility (n = {0})", "적격성을 평가한 보고서 (n = {0})", "评估合格性的报告（n = {0}）")
S["ChPrismaReportsExcluded"] = ("Reports excluded:", "제외된 보고서:", "排除的报告：")
S["ChPrismaNone"] = ("none", "없음", "无")
S["ChPrismaStudies"] = ("Studies included in review (n = {0})", "문헌고찰에 포함된 연구 (n = {0})", "纳入综述的研究（n = {0}）")
S["ChPrismaReportsIncluded"] = ("Reports of included studies (n = {0})", "포함된 연구의 보고서 (n = {0})", "纳入研究的报告（n = {0}）")
S["ChPrismaTitle"] = ("PRISMA 2020 flow diagram: {0}", "PRISMA 2020 흐름도: {0}", "PRISMA 2020 流程图：{0}")
S["ChSurvLegend"] = ("{0} (n={1}, events={2})", "{0} (n={1}, 사건={2})", "{0}（n={1}，事件={2}）")
S["ChLotTitle"] = ("{0}: 12-month change by {1}", "{0}: {1}에 따른 12개월 변화", "{0}：按{1}的12个月变化")
S["ChCalibrationTitle"] = ("Calibration: {0} responders", "보정도: {0} 반응자", "校准：{0} 应答者")
S["ChProgressBaseline"] = ("Baseline", "기준값", "基线")
S["ChProgressMcidBand"] = ("Within the minimal important change of baseline", "기준값 대비 최소 중요 변화 이내", "基线的最小重要变化范围内")
S["ChProgressTitle"] = ("{0} over time", "{0} 시간 경과", "{0} 随时间变化")
S["ChProgressValueAxis"] = ("Score ({0})", "점수 ({0})", "评分（{0}）")
S["O7Comparison"] = ("Comparison cohort", "비교 코호트", "对照队列")
S["O7NoComparison"] = ("none (pre-post change)", "없음 (전후 변화)", "无（前后变化）")
S["O7ClinicEffect"] = ("Drawn on the plot: {0} = {1} [{2}, {3}]", "그림에 표시: {0} = {1} [{2}, {3}]", "图中显示：{0} = {1} [{2}, {3}]")
S["O7ComparisonResult"] = ("Comparison cohort {0} ({1} treated; {2} without baseline, {3} without a score at {4}): n = {5}, mean change {6} [{7}, {8}].",
                            "비교 코호트 {0} (치료 {1}명; 기준값 없음 {2}명, {4} 점수 없음 {3}명): n = {5}, 평균 변화 {6} [{7}, {8}].",
                            "对照队列 {0}（治疗 {1} 人；无基线 {2} 人，{4} 无评分 {3} 人）：n = {5}，平均变化 {6} [{7}, {8}]。")
S["O7Responders"] = ("Responders (minimal important change reached): clinic {0} of {1}; comparison {2} of {3}.",
                     "반응자 (최소 중요 변화 도달): 병원 {1}명 중 {0}명, 비교 {3}명 중 {2}명.",
                     "应答者（达到最小重要变化）：本院 {1} 人中 {0} 人；对照 {3} 人中 {2} 人。")
codes("O7Def", {
    "PRE_POST_MD": ("mean pre-post change (follow-up − baseline), 95% CI by paired t", "전후 평균 변화 (추적 − 기준), 대응 t 95% CI", "前后平均变化（随访 − 基线），配对 t 95% CI"),
    "PRE_POST_SMCC": ("standardised mean change, change-score standardisation (metafor SMCC: Hedges-corrected mean change ÷ SD of the changes)",
                      "표준화 평균 변화, 변화 점수 표준화 (metafor SMCC: Hedges 보정 평균 변화 ÷ 변화의 표준편차)",
                      "标准化平均变化，按变化值标准化（metafor SMCC：Hedges 校正的平均变化 ÷ 变化的标准差）"),
    "BETWEEN_MD": ("difference in mean change, clinic − comparison cohort (metafor MD)", "평균 변화의 차이, 병원 − 비교 코호트 (metafor MD)", "平均变化之差，本院 − 对照队列（metafor MD）"),
    "BETWEEN_SMD": ("standardised difference in mean change, clinic − comparison cohort (Hedges' g, metafor SMD)", "평균 변화의 표준화 차이, 병원 − 비교 코호트 (Hedges g, metafor SMD)", "平均变化的标准化差，本院 − 对照队列（Hedges g，metafor SMD）"),
    "BETWEEN_RR": ("log risk ratio of responders, clinic vs comparison cohort (metafor RR)", "반응자 로그 위험비, 병원 대 비교 코호트 (metafor RR)", "应答者对数风险比，本院对比对照队列（metafor RR）"),
    "BETWEEN_OR": ("log odds ratio of responders, clinic vs comparison cohort (metafor OR)", "반응자 로그 오즈비, 병원 대 비교 코호트 (metafor OR)", "应答者对数比值比，本院对比对照队列（metafor OR）"),
})
S["O7SmdNote"] = ("For SMD without a comparison cohort the clinic row is a standardised mean change (the change divided by the SD of the patients' changes, Hedges-corrected; metafor SMCC). It is not the between-group SMD of the trials: it is larger when patients change consistently. RR and OR need a comparison cohort: responders reaching the minimal important change in the clinic against the comparison cohort. With a comparison cohort, its patients are left out of the clinic side.",
                  "비교 코호트 없이 SMD를 고르면 병원 행은 표준화 평균 변화입니다 (변화를 환자 변화의 표준편차로 나눈 값, Hedges 보정; metafor SMCC). 시험의 군간 SMD와 같지 않으며 환자들이 일관되게 변할수록 커집니다. RR과 OR에는 비교 코호트가 필요합니다: 병원과 비교 코호트에서 최소 중요 변화에 도달한 반응자를 비교합니다. 비교 코호트의 환자는 병원 쪽에서 제외됩니다.",
                  "未选对照队列时选择 SMD，本院行为标准化平均变化（变化除以患者变化的标准差，经 Hedges 校正；metafor SMCC）。它不同于试验的组间 SMD：患者变化越一致，数值越大。RR 和 OR 需要对照队列：比较本院与对照队列中达到最小重要变化的应答者。选择对照队列时，其患者不计入本院一方。")
