# Cohort analytics part B (issue 7 bullets 5-9): survival, competing risks, lot-to-outcome, safety signals, outlook.
# Keys start with "Surv", "Lot", "Sig" or "Outlook".
S["SurvTitle"] = ("Survival free of joint replacement or spine surgery", "인공관절 치환술 또는 척추 수술 없는 생존", "免于关节置换或脊柱手术的生存")
S["SurvIntro"] = ("Time from Day 0 (first injection) to replacement of the treated joint or surgery of the treated spinal level; patients without it are censored at their last follow-up, or at death when a death is recorded. Registry data, not randomised.",
                  "0일(첫 주사)부터 치료한 관절의 치환술 또는 치료한 척추 분절의 수술까지의 기간입니다. 해당 사건이 없는 환자는 마지막 추적관찰 시점(사망이 기록된 경우 사망 시점)에서 중도절단됩니다. 무작위 배정이 아닌 레지스트리 자료입니다.",
                  "从第0天（首次注射）到所治疗关节置换或所治疗脊柱节段手术的时间；未发生者在最后一次随访时删失，如记录了死亡则在死亡时删失。登记数据，非随机。")
S["SurvBadCohort"] = ("The cohort filters are not valid:", "코호트 조건이 올바르지 않습니다:", "队列筛选条件无效：")
S["SurvCohort"] = ("Cohort", "코호트", "队列")
S["SurvEvents"] = ("events", "사건", "事件")
S["SurvDeaths"] = ("deaths", "사망", "死亡")
S["SurvGroupBy"] = ("Curves by", "곡선 구분", "曲线分组")
S["SurvApply"] = ("Show", "보기", "显示")
codes("SurvGroup", {
    "NONE": ("whole cohort", "코호트 전체", "整个队列"),
    "ROUTE": ("route", "투여 경로", "给药途径"),
    "CELL_SOURCE": ("cell source", "세포 유래", "细胞来源"),
    "KL_GRADE": ("KL grade", "KL 등급", "KL 分级"),
    "DOSE_TIER": ("dose tier", "용량 단계", "剂量等级"),
})
S["SurvEmpty"] = ("No treated patient matches this cohort.", "이 코호트에 해당하는 치료 환자가 없습니다.", "没有符合此队列的已治疗患者。")
S["SurvFigureCaption"] = ("Kaplan-Meier curves with 95% pointwise confidence bands (log scale, as R survfit); ticks mark censoring. The number at risk is under the plot.",
                          "95% 점별 신뢰대(로그 척도, R survfit과 동일)를 포함한 Kaplan-Meier 곡선입니다. 눈금은 중도절단을 표시합니다. 위험군 수는 그림 아래에 있습니다.",
                          "带95%逐点置信带（对数尺度，同 R survfit）的 Kaplan-Meier 曲线；短竖线表示删失。风险人数见图下方。")
S["SurvDownloadSvg"] = ("Download SVG", "SVG 내려받기", "下载 SVG")
S["SurvDownloadCsv"] = ("Download data (CSV)", "데이터 내려받기 (CSV)", "下载数据（CSV）")
S["SurvDownloadAtRisk"] = ("Number at risk (CSV)", "위험군 수 (CSV)", "风险人数（CSV）")
S["SurvDownloadSubjects"] = ("Per patient, pseudonymised (CSV)", "환자별, 가명 처리 (CSV)", "按患者，已假名化（CSV）")
S["SurvAtRisk"] = ("Number at risk", "위험군 수", "风险人数")
S["SurvGroup"] = ("Group", "그룹", "组")
S["SurvYear"] = ("Year {0}", "{0}년", "第{0}年")
S["SurvCurves"] = ("Curves", "곡선", "曲线")
S["SurvFreeAt"] = ("Free at {0} y (95% CI)", "{0}년 시점 무사건 (95% CI)", "{0}年无事件（95% CI）")
S["SurvMedian"] = ("Median (years)", "중앙값 (년)", "中位数（年）")
S["SurvNotReached"] = ("not reached", "도달하지 않음", "未达到")
S["SurvBeyondFollowUp"] = ("beyond follow-up", "추적 기간 초과", "超出随访期")
S["SurvLogRank"] = ("Log-rank test", "로그순위 검정", "对数秩检验")
S["SurvOneGroup"] = ("One group only: choose a grouping to compare curves.", "그룹이 하나뿐입니다. 곡선을 비교하려면 구분 기준을 선택하세요.", "只有一个组：请选择分组以比较曲线。")
S["SurvCox"] = ("Adjusted Cox model", "보정 Cox 모형", "校正 Cox 模型")
S["SurvCoxUsed"] = ("{0} patients in the model, {1} left out for a missing covariate; covariates: {2}.",
                    "모형에 {0}명, 공변량 누락으로 {1}명 제외; 공변량: {2}.",
                    "模型纳入 {0} 名患者，{1} 名因协变量缺失而排除；协变量：{2}。")
S["SurvTerm"] = ("Term", "항", "项")
S["SurvHazardRatio"] = ("Hazard ratio", "위험비", "风险比")
S["SurvCoxNotEstimable"] = ("The Cox model cannot be estimated", "Cox 모형을 추정할 수 없습니다", "无法估计 Cox 模型")
S["SurvCompeting"] = ("Competing risk of death", "사망의 경쟁 위험", "死亡的竞争风险")
S["SurvCompetingNote"] = ("{0} death(s) are recorded. A patient who has died can no longer have the operation, but 1 − Kaplan-Meier treats them as if they still could, so it overstates the chance of replacement. The cumulative incidence (Aalen-Johansen) counts death as a competing event and is the share of patients actually reaching replacement.",
                          "사망이 {0}건 기록되어 있습니다. 사망한 환자는 더 이상 수술을 받을 수 없지만, 1 − Kaplan-Meier는 여전히 받을 수 있는 것처럼 취급하므로 치환술 확률을 과대평가합니다. 누적발생률(Aalen-Johansen)은 사망을 경쟁 사건으로 처리하며 실제로 치환술에 이른 환자의 비율입니다.",
                          "记录了 {0} 例死亡。已死亡的患者不可能再接受手术，但 1 − Kaplan-Meier 仍将其视为可能手术，因此高估了置换概率。累积发生率（Aalen-Johansen）把死亡作为竞争事件，表示实际发生置换的患者比例。")
S["SurvNoDeaths"] = ("No death is recorded in this cohort, so the cumulative incidence of replacement equals 1 − Kaplan-Meier.",
                     "이 코호트에는 사망 기록이 없으므로 치환술의 누적발생률은 1 − Kaplan-Meier와 같습니다.",
                     "此队列未记录死亡，因此置换的累积发生率等于 1 − Kaplan-Meier。")
S["SurvTimeAxis"] = ("Years since Day 0", "0일 이후 연수", "第0天起的年数")
S["SurvSurvivalAxis"] = ("Free of replacement", "치환술 없음", "未置换")
S["SurvIncidenceAxis"] = ("Cumulative incidence of replacement", "치환술 누적발생률", "置换累积发生率")
S["SurvCif"] = ("cumulative incidence", "누적발생률", "累积发生率")
S["SurvOneMinusKm"] = ("1 − Kaplan-Meier", "1 − Kaplan-Meier", "1 − Kaplan-Meier")
S["SurvAll"] = ("whole cohort", "코호트 전체", "整个队列")
S["SurvNotRecorded"] = ("not recorded", "기록 없음", "未记录")
S["OutcomesSurvivalNav"] = ("Survival", "생존 분석", "生存分析")
S["SigTitle"] = ("Safety: adverse-event rates and signals", "안전성: 이상사례 발생률과 신호", "安全性：不良事件发生率与信号")
S["SigIntro"] = ("Adverse events per 100 injections with exact Poisson 95% intervals, and signal detection per lot, processing run and cell source: observed events against those expected at the clinic's overall rate, with the exact one-sided Poisson test and a funnel chart (95% and 99.8% limits).",
                 "주사 100회당 이상사례와 정확 포아송 95% 구간, 그리고 로트·처리 배치·세포 유래별 신호 탐지입니다. 관찰된 사건 수를 병원 전체 발생률로 기대되는 수와 비교하며, 정확 단측 포아송 검정과 깔때기 그림(95%, 99.8% 한계)을 제공합니다.",
                 "每100次注射的不良事件及精确泊松95%区间；按批次、处理批和细胞来源进行信号检测：将观察到的事件与按本院总体发生率预期的事件比较，采用精确单侧泊松检验和漏斗图（95%和99.8%控制限）。")
S["SigInjections"] = ("Injections", "주사 횟수", "注射次数")
S["SigUnattributed"] = ("{0} event(s) before any injection of this cohort (not counted in rates)", "이 코호트의 주사 이전 사건 {0}건 (발생률에서 제외)", "{0} 例事件发生在本队列任何注射之前（不计入发生率）")
S["SigEventFilter"] = ("Events counted for signals", "신호에 포함할 사건", "信号计入的事件")
codes("SigEvents", {
    "ALL": ("all adverse events", "모든 이상사례", "所有不良事件"),
    "RELATED": ("related to product or procedure", "제품 또는 시술 관련", "与产品或操作相关"),
    "SERIOUS": ("serious", "중대한", "严重"),
})
S["SigRates"] = ("Rates per 100 injections (exact 95% CI)", "주사 100회당 발생률 (정확 95% CI)", "每100次注射发生率（精确95% CI）")
S["SigPer100"] = ("Events per 100 injections", "주사 100회당 사건", "每100次注射事件数")
codes("SigDim", {
    "TOTAL": ("All events", "전체 사건", "全部事件"),
    "GRADE": ("Grade", "등급", "分级"),
    "RELATEDNESS": ("Related to", "관련성", "相关于"),
    "CELL_SOURCE": ("Cell source", "세포 유래", "细胞来源"),
    "ROUTE": ("Route", "투여 경로", "给药途径"),
    "LOT": ("Lot", "로트", "批次"),
    "PROCESSING_RUN": ("Processing run", "처리 배치", "处理批"),
})
codes("SigFunnel", {
    "LOT": ("Funnel chart by lot", "로트별 깔때기 그림", "按批次的漏斗图"),
    "PROCESSING_RUN": ("Funnel chart by processing run", "처리 배치별 깔때기 그림", "按处理批的漏斗图"),
    "CELL_SOURCE": ("Funnel chart by cell source", "세포 유래별 깔때기 그림", "按细胞来源的漏斗图"),
})
S["SigSignals"] = ("Signal detection", "신호 탐지", "信号检测")
S["SigOverall"] = ("Clinic's overall rate: {0} per 100 injections ({1} events counted).", "병원 전체 발생률: 주사 100회당 {0} (집계 사건 {1}건).", "本院总体发生率：每100次注射 {0}（计入 {1} 例事件）。")
S["SigObserved"] = ("Observed", "관찰", "观察数")
S["SigExpected"] = ("Expected", "기대", "预期数")
S["SigLevel"] = ("Against the limits", "한계 대비", "相对控制限")
codes("SigLevel", {
    "WITHIN": ("within limits", "한계 이내", "在控制限内"),
    "ALERT": ("above 95% limit", "95% 한계 초과", "超过95%控制限"),
    "ALARM": ("above 99.8% limit", "99.8% 한계 초과", "超过99.8%控制限"),
})
S["SigNoneFlagged"] = ("No lot, processing run or cell source is above its 95% limit.", "95% 한계를 넘는 로트, 처리 배치 또는 세포 유래가 없습니다.", "没有批次、处理批或细胞来源超过其95%控制限。")
S["SigReview"] = ("Signal review", "신호 검토", "信号审查")
S["SigReviews"] = ("Signal reviews", "신호 검토 목록", "信号审查列表")
S["SigOpenReview"] = ("Open a review of this lot", "이 로트의 검토 시작", "开始审查此批次")
S["SigAssessment"] = ("Assessment", "평가", "评估")
S["SigConclusion"] = ("Conclusion", "결론", "结论")
codes("SigConclusion", {
    "NO_SIGNAL": ("no signal", "신호 없음", "无信号"),
    "MONITOR": ("monitor", "모니터링", "继续监测"),
    "CONFIRMED_SIGNAL": ("confirmed signal", "신호 확인", "确认信号"),
})
S["SigStatus"] = ("Status", "상태", "状态")
codes("SigStatus", {
    "OPEN": ("open", "진행 중", "进行中"),
    "CLOSED": ("closed", "종료", "已关闭"),
})
S["SigOpened"] = ("Opened", "시작", "开始")
S["SigRecordAssessment"] = ("Record assessment", "평가 기록", "记录评估")
S["SigClose"] = ("Close with conclusion", "결론과 함께 종료", "给出结论并关闭")
S["SigHistory"] = ("History", "이력", "历史")
S["SigRecorded"] = ("Recorded", "기록", "记录")
S["SigLotNotFound"] = ("Lot or review not found.", "로트 또는 검토를 찾을 수 없습니다.", "未找到批次或审查。")
S["LotTitle"] = ("Lot to outcome", "로트와 결과", "批次与结局")
S["LotIntro"] = ("The product's attributes against the 12-month change of an instrument score. Scores are assigned to the baseline and 12-month visits by their windows, as in the trajectories (a score outside a window counts for the nearest visit only within 1.5 × its window). Registry data: an association, not proof that the attribute causes the change.",
                 "제품 특성과 도구 점수의 12개월 변화의 관계입니다. 점수는 궤적과 같이 방문 창에 따라 기준 방문과 12개월 방문에 배정됩니다(창 밖의 점수는 창의 1.5배 이내일 때만 가장 가까운 방문에 배정). 레지스트리 자료이므로 연관성이며 인과의 증거가 아닙니다.",
                 "产品属性与量表评分12个月变化的关系。评分按访视窗口分配到基线和12个月访视，与轨迹相同（窗口外的评分仅在窗口1.5倍以内时计入最近的访视）。登记数据：仅为关联，不证明因果。")
S["LotInstrument"] = ("Instrument", "평가 도구", "量表")
S["LotAttribute"] = ("Product attribute", "제품 특성", "产品属性")
codes("LotAttr", {
    "VIABLE_DOSE": ("Viable cells given (×10⁶)", "투여된 생존 세포 (×10⁶)", "给予的活细胞（×10⁶）"),
    "CELLS_PER_KG": ("Cells per kg (×10⁶/kg)", "kg당 세포 수 (×10⁶/kg)", "每公斤细胞数（×10⁶/kg）"),
    "VIABILITY": ("Viability (%)", "세포 생존율 (%)", "细胞活率（%）"),
    "PASSAGE": ("Passage", "계대 수", "传代次数"),
})
S["LotCounts"] = ("{0} patients; {1} with baseline and 12-month scores, {2} missing one of them, {3} missing the attribute.",
                  "환자 {0}명; 기준 및 12개월 점수가 있는 환자 {1}명, 둘 중 하나 누락 {2}명, 특성 누락 {3}명.",
                  "{0} 名患者；{1} 名有基线和12个月评分，{2} 名缺少其一，{3} 名缺少该属性。")
S["LotChangeAxis"] = ("12-month change (follow-up − baseline)", "12개월 변화 (추적 − 기준)", "12个月变化（随访 − 基线）")
S["LotLine"] = ("Least-squares line", "최소제곱 회귀선", "最小二乘回归线")
S["LotSlope"] = ("Slope {0} (95% CI {1} to {2}), p = {3}, n = {4}, R² = {5}.", "기울기 {0} (95% CI {1} ~ {2}), p = {3}, n = {4}, R² = {5}.", "斜率 {0}（95% CI {1} 至 {2}），p = {3}，n = {4}，R² = {5}。")
S["LotLogistic"] = ("Logistic model of responding (reaching the minimal important change)", "반응(최소 중요 변화 도달)의 로지스틱 모형", "应答（达到最小重要变化）的 logistic 模型")
S["LotOddsRatio"] = ("Odds ratio", "오즈비", "比值比")
S["LotDoseResponse"] = ("Dose response and product groups (mean change, 95% CI)", "용량 반응과 제품 그룹 (평균 변화, 95% CI)", "剂量反应与产品分组（平均变化，95% CI）")
S["LotMeanChange"] = ("Mean change (95% CI)", "평균 변화 (95% CI)", "平均变化（95% CI）")
codes("LotDim", {
    "DOSE_TIER": ("Dose tier", "용량 단계", "剂量等级"),
    "CELLS_PER_KG": ("Cells per kg (×10⁶/kg)", "kg당 세포 수 (×10⁶/kg)", "每公斤细胞数（×10⁶/kg）"),
    "CELL_SOURCE": ("Cell source", "세포 유래", "细胞来源"),
    "ORIGIN": ("Origin", "유래 (자가/동종)", "来源（自体/异体）"),
})
S["OutlookTitle"] = ("Candidate outlook", "후보 환자 전망", "候选患者预期")
S["OutlookIntro"] = ("What happened to similar past patients in this clinic (same indication, KL grade band and age band), and, when the clinic has enough data, a model's chance of reaching the minimal important change at 12 months. Registry data, not a promise.",
                     "이 병원의 비슷한 과거 환자(같은 적응증, KL 등급 범위, 연령대)의 결과와, 자료가 충분할 때 12개월에 최소 중요 변화에 도달할 확률(모형)입니다. 레지스트리 자료이며 약속이 아닙니다.",
                     "本院相似既往患者（相同适应证、KL分级段和年龄段）的结局；在数据充足时，给出模型预测的12个月达到最小重要变化的概率。登记数据，并非承诺。")
S["OutlookSimilar"] = ("Similar past patients", "비슷한 과거 환자", "相似既往患者")
S["OutlookSimilarText"] = ("{0} similar patients; mean 12-month change {1}; reached the minimal important change: {2} (95% CI).",
                           "비슷한 환자 {0}명; 12개월 평균 변화 {1}; 최소 중요 변화 도달: {2} (95% CI).",
                           "相似患者 {0} 名；12个月平均变化 {1}；达到最小重要变化：{2}（95% CI）。")
S["OutlookModel"] = ("Predicted chance (model)", "예측 확률 (모형)", "预测概率（模型）")
S["OutlookPrediction"] = ("Predicted chance of reaching the minimal important change at 12 months: {0} (95% CI {1} to {2}), from {3} past patients.",
                          "12개월에 최소 중요 변화에 도달할 예측 확률: {0} (95% CI {1} ~ {2}), 과거 환자 {3}명 기준.",
                          "12个月达到最小重要变化的预测概率：{0}（95% CI {1} 至 {2}），基于 {3} 名既往患者。")
S["OutlookNotShown"] = ("No prediction is shown: the clinic does not have enough data yet.", "예측을 표시하지 않습니다: 아직 병원 자료가 충분하지 않습니다.", "不显示预测：本院数据尚不充足。")
S["OutlookCalibration"] = ("Calibration (deciles)", "보정도 (십분위)", "校准（十分位）")
S["OutlookPredicted"] = ("Mean predicted probability", "평균 예측 확률", "平均预测概率")
S["OutlookObserved"] = ("Observed share", "관찰 비율", "观察比例")
S["OutlookNotFound"] = ("Patient not found.", "환자를 찾을 수 없습니다.", "未找到患者。")
