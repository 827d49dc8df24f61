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
S["SurvGroup_NONE"] = ("whole cohort", "코호트 전체", "整个队列")
S["SurvGroup_ROUTE"] = ("route", "투여 경로", "给药途径")
S["SurvGroup_CELL_SOURCE"] = ("cell source", "세포 유래", "细胞来源")
S["SurvGroup_KL_GRADE"] = ("KL grade", "KL 등급", "KL 分级")
S["SurvGroup_DOSE_TIER"] = ("dose tier", "용량 단계", "剂量等级")
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
