# UI strings of the outcomes slice, part A (cohort builder, trajectories, imaging and function, responders, reports).
S["OcNav"] = ("Outcomes", "치료 성과", "疗效结局")
S["OcTitle"] = ("Cohort analytics", "코호트 분석", "队列分析")
S["OcIntro"] = ("Choose the treated patients to analyse. Every filter is optional; lists match any ticked value. Researchers see pseudonym codes only.",
    "분석할 치료 환자를 선택하세요. 모든 필터는 선택 사항이며, 목록은 선택한 값 중 하나와 일치하면 포함됩니다. 연구자는 가명 코드만 봅니다.",
    "选择要分析的已治疗患者。所有筛选条件均可选；列表项匹配任一勾选值。研究人员只能看到化名编码。")
S["OcCohort"] = ("Cohort", "코호트", "队列")
S["OcEveryone"] = ("all treated patients you may see", "조회 가능한 모든 치료 환자", "您可查看的全部已治疗患者")
S["OcMemberCount"] = ("{0} treated targets", "치료 부위 {0}건", "{0} 个治疗部位")
S["OcMembersLabel"] = ("Treated targets", "치료 부위 수", "治疗部位数")
S["OcChangeCohort"] = ("Change the cohort", "코호트 변경", "更改队列")
S["OcApply"] = ("Show cohort", "코호트 보기", "显示队列")
S["OcClear"] = ("Clear filters", "필터 초기화", "清除筛选")
S["OcAnalyses"] = ("Analyses", "분석", "分析")
S["OcTrajectories"] = ("Outcome trajectories", "결과 추이", "结局轨迹")
S["OcStructure"] = ("Imaging and function over time", "영상 및 기능 변화", "影像与功能随时间变化")
S["OcResponders"] = ("Responders", "반응자", "应答者")
S["OcReport"] = ("Printable report", "인쇄용 보고서", "可打印报告")
S["OcReportTitle"] = ("Cohort outcome report", "코호트 성과 보고서", "队列结局报告")
S["OcReportMeta"] = ("Computed on {0} by {1} from the registry.", "{0}에 {1}이(가) 레지스트리에서 산출.", "由 {1} 于 {0} 根据登记数据计算。")
S["OcRegistryNote"] = ("Non-randomised registry data: changes from baseline include natural course, regression to the mean and placebo effects; they are not treatment effects.",
    "비무작위 레지스트리 자료입니다. 기준 대비 변화에는 자연 경과, 평균 회귀, 위약 효과가 포함되며 치료 효과 그 자체가 아닙니다.",
    "非随机登记数据：相对基线的变化包含自然病程、均值回归和安慰剂效应，并非治疗效应本身。")
S["OcPrintHelp"] = ("Use your browser's Print command; the page is laid out for A4.", "브라우저의 인쇄 기능을 사용하세요. A4 용지에 맞게 구성되어 있습니다.", "请使用浏览器的打印功能；页面按 A4 排版。")
S["OcBaseline"] = ("Baseline characteristics", "기준 시점 특성", "基线特征")
S["OcDownloadCsv"] = ("Download data (CSV)", "데이터 내려받기 (CSV)", "下载数据（CSV）")
S["OcDownloadMembersCsv"] = ("Download patient-level values (CSV)", "환자별 값 내려받기 (CSV)", "下载患者级数值（CSV）")
S["OcDownloadSvg"] = ("Download chart (SVG)", "차트 내려받기 (SVG)", "下载图表（SVG）")
S["OcSaveCohort"] = ("Save this cohort", "이 코호트 저장", "保存此队列")
S["OcCohortName"] = ("Name", "이름", "名称")
S["OcCohortDescription"] = ("Description (optional)", "설명 (선택)", "说明（可选）")
S["OcSave"] = ("Save", "저장", "保存")
S["OcSavedCohorts"] = ("Saved cohorts", "저장된 코호트", "已保存的队列")
S["OcNoSaved"] = ("No saved cohorts yet.", "저장된 코호트가 없습니다.", "尚无已保存的队列。")
S["OcUnknownCohort"] = ("No saved cohort with this id.", "해당 ID의 저장된 코호트가 없습니다.", "没有此编号的已保存队列。")
S["OcNoAdjunct"] = ("No adjunct", "보조 요법 없음", "无辅助治疗")
S["OcDay0"] = ("Day 0", "0일", "第0天")
S["OcInjections"] = ("Injections", "주사 횟수", "注射次数")
S["OcInjectionsGiven"] = ("{0} injection(s) recorded", "주사 {0}회 기록", "已记录 {0} 次注射")
S["OcAge"] = ("Age at Day 0", "0일 시점 나이", "第0天年龄")
S["OcEndpoint"] = ("Replacement / spine surgery", "인공관절 치환 / 척추 수술", "关节置换 / 脊柱手术")
S["OcProgressReport"] = ("Progress report", "경과 보고서", "病情进展报告")
S["OcProgressNote"] = ("Scores are assigned to scheduled visits by their windows (DOMAIN 4.2); MCID = minimal clinically important difference for the patient's indication.",
    "점수는 방문 허용 기간에 따라 예정 방문에 배정됩니다(DOMAIN 4.2). MCID = 환자 적응증의 최소 임상적 중요 차이.",
    "评分按时间窗归入计划访视（DOMAIN 4.2）；MCID = 该适应证的最小临床重要差异。")
S["OcName"] = ("Name", "이름", "姓名")
S["OcReportDate"] = ("Report date", "보고서 작성일", "报告日期")
S["OcNoTreatment"] = ("No treated target recorded.", "기록된 치료 부위가 없습니다.", "没有已记录的治疗部位。")
S["OcNoScores"] = ("No scores recorded.", "기록된 점수가 없습니다.", "没有已记录的评分。")
S["OcDate"] = ("Date", "날짜", "日期")
S["OcValue"] = ("Value", "값", "数值")
S["OcChange"] = ("change", "변화", "变化")
S["OcReached"] = ("reached", "도달", "达到")
S["OcNotReached"] = ("not reached", "미도달", "未达到")
S["OcInstrument"] = ("Instrument", "평가 도구", "量表")
S["OcScore"] = ("Score (subscale)", "점수 (하위척도)", "评分（分量表）")
S["OcMeasure"] = ("Measure", "측정 항목", "测量指标")
S["OcGroupBy"] = ("Group by", "그룹 기준", "分组依据")
S["OcWholeCohort"] = ("Whole cohort", "코호트 전체", "整个队列")
S["OcSpaghetti"] = ("Show each patient (spaghetti plot)", "환자별 선 표시 (스파게티 플롯)", "显示每位患者（意面图）")
S["OcShow"] = ("Show", "보기", "显示")
S["OcHigherBetter"] = ("higher is better", "높을수록 좋음", "越高越好")
S["OcHigherWorse"] = ("higher is worse", "높을수록 나쁨", "越高越差")
S["OcMonthsSinceDay0"] = ("Months since Day 0", "0일 이후 개월", "第0天后月数")
S["OcChangeAxis"] = ("Change from baseline ({0})", "기준 대비 변화 ({0})", "相对基线的变化（{0}）")
S["OcIndividual"] = ("Individual patients", "개별 환자", "个体患者")
S["OcDue"] = ("Due", "예정", "应到")
S["OcObserved"] = ("Observed", "관찰", "已观察")
S["OcMissing"] = ("Missing", "결측", "缺失")
S["OcFollowUpEnded"] = ("of which follow-up ended", "그중 추적 종료", "其中随访终止")
S["OcNotYetDue"] = ("Not yet due", "아직 예정 전", "尚未到期")
S["OcAfterEndpoint"] = ("After replacement / surgery", "치환술 / 수술 이후", "置换 / 手术之后")
S["OcMeanValue"] = ("Mean value", "평균값", "平均值")
S["OcMeanChange"] = ("Mean change", "평균 변화", "平均变化")
S["OcMedianChange"] = ("Median change", "중앙값 변화", "变化中位数")
S["OcMissingNote"] = ("Every treated target is counted at every visit: not yet due, after replacement or surgery (joint scores stop, V3), or due; due = observed + missing. Nothing is dropped silently.",
    "모든 치료 부위는 각 방문에서 집계됩니다: 아직 예정 전, 치환술 또는 수술 이후(관절 점수 중단, V3), 또는 예정. 예정 = 관찰 + 결측. 조용히 제외되는 자료는 없습니다.",
    "每个治疗部位在每次访视都被计数：尚未到期、置换或手术之后（关节评分停止，V3）或应到；应到 = 已观察 + 缺失。没有数据被悄然剔除。")
S["OcStructureNote"] = ("Baseline imaging comes from the consultation reads, follow-up imaging and performance tests from the visit records. MOAKS and WORMS scores are never mixed.",
    "기준 영상은 진료 시 판독에서, 추적 영상과 수행 검사는 방문 기록에서 가져옵니다. MOAKS와 WORMS 점수는 섞지 않습니다.",
    "基线影像取自门诊阅片，随访影像和功能测试取自访视记录。MOAKS 与 WORMS 评分绝不混用。")
S["OcPaired"] = ("With baseline and visit value", "기준값과 방문값 모두 있음", "有基线和访视值")
S["OcNoThreshold"] = ("No threshold for population", "해당 집단 기준값 없음", "该人群无阈值")
S["OcRespondersCount"] = ("Responders", "반응자", "应答者")
S["OcShare"] = ("Share", "비율", "比例")
S["OcNoResponderData"] = ("No instrument with a minimal important change has scores in this cohort.", "이 코호트에는 최소 중요 변화가 정의된 평가 도구 점수가 없습니다.", "该队列中没有设定最小重要变化的量表评分。")
S["OcCompare"] = ("Compare with another cohort", "다른 코호트와 비교", "与另一队列比较")
S["OcCompareHelp"] = ("Difference in the share of responders (this cohort minus the saved cohort) with the Newcombe hybrid score 95% CI.",
    "반응자 비율의 차이(이 코호트 − 저장된 코호트)와 Newcombe 하이브리드 스코어 95% 신뢰구간.",
    "应答者比例之差（本队列减去已保存队列）及 Newcombe 混合得分 95% 置信区间。")
S["OcSecondCohort"] = ("Saved cohort to compare with", "비교할 저장된 코호트", "用于比较的已保存队列")
S["OcCompareButton"] = ("Compare", "비교", "比较")
S["OcThisCohort"] = ("This cohort", "이 코호트", "本队列")
S["OcDifference"] = ("Difference", "차이", "差值")

S["OcF_indications"] = ("Indication", "적응증", "适应证")
S["OcF_targets"] = ("Joint or spine region", "관절 또는 척추 부위", "关节或脊柱部位")
S["OcF_klGrades"] = ("Kellgren-Lawrence grade", "켈그렌-로렌스 등급", "Kellgren-Lawrence 分级")
S["OcF_arcoStages"] = ("ARCO stage (hip)", "ARCO 병기 (고관절)", "ARCO 分期（髋）")
S["OcF_pfirrmannGrades"] = ("Pfirrmann grade (disc)", "Pfirrmann 등급 (추간판)", "Pfirrmann 分级（椎间盘）")
S["OcF_cellSources"] = ("Cell source", "세포 출처", "细胞来源")
S["OcF_origins"] = ("Origin", "유래", "来源类型")
S["OcF_routes"] = ("Route", "투여 경로", "给药途径")
S["OcF_doseTiers"] = ("Dose tier", "용량 단계", "剂量级别")
S["OcF_adjuncts"] = ("Adjuncts", "보조 요법", "辅助治疗")
S["OcF_sexes"] = ("Sex", "성별", "性别")
S["OcF_siteIds"] = ("Site", "기관", "机构")
S["OcF_cellsPerKgMinE6"] = ("Cells per kg from (×10⁶/kg)", "kg당 세포 수 최소 (×10⁶/kg)", "每公斤细胞数下限（×10⁶/kg）")
S["OcF_cellsPerKgMaxE6"] = ("Cells per kg to (×10⁶/kg)", "kg당 세포 수 최대 (×10⁶/kg)", "每公斤细胞数上限（×10⁶/kg）")
S["OcF_totalCellsMinE6"] = ("Total dose from (×10⁶ cells)", "총 용량 최소 (×10⁶ 세포)", "总剂量下限（×10⁶ 细胞）")
S["OcF_totalCellsMaxE6"] = ("Total dose to (×10⁶ cells)", "총 용량 최대 (×10⁶ 세포)", "总剂量上限（×10⁶ 细胞）")
S["OcF_injectionsMin"] = ("Injections from", "주사 횟수 최소", "注射次数下限")
S["OcF_injectionsMax"] = ("Injections to", "주사 횟수 최대", "注射次数上限")
S["OcF_ageMin"] = ("Age from", "나이 최소", "年龄下限")
S["OcF_ageMax"] = ("Age to", "나이 최대", "年龄上限")
S["OcF_bmiMin"] = ("BMI from", "BMI 최소", "BMI 下限")
S["OcF_bmiMax"] = ("BMI to", "BMI 최대", "BMI 上限")
S["OcF_treatedFrom"] = ("Treated from (Day 0)", "치료 시작일 이후 (0일)", "治疗日期起（第0天）")
S["OcF_treatedTo"] = ("Treated to (Day 0)", "치료 시작일 이전 (0일)", "治疗日期止（第0天）")

codes("OcGroup", {
    "ROUTE": ("Route", "투여 경로", "给药途径"), "CELL_SOURCE": ("Cell source", "세포 출처", "细胞来源"),
    "DOSE_TIER": ("Dose tier", "용량 단계", "剂量级别"), "KL_GRADE": ("Kellgren-Lawrence grade", "켈그렌-로렌스 등급", "Kellgren-Lawrence 分级"),
})
codes("OcMeasure", {
    "CARTILAGE_MFTC_MM": ("Cartilage thickness, medial femorotibial", "연골 두께, 내측 대퇴경골", "软骨厚度（内侧股胫）"),
    "CARTILAGE_LFTC_MM": ("Cartilage thickness, lateral femorotibial", "연골 두께, 외측 대퇴경골", "软骨厚度（外侧股胫）"),
    "CARTILAGE_PFJ_MM": ("Cartilage thickness, patellofemoral", "연골 두께, 슬개대퇴", "软骨厚度（髌股）"),
    "BML_MOAKS": ("Bone marrow lesion score (MOAKS)", "골수 병변 점수 (MOAKS)", "骨髓病变评分（MOAKS）"),
    "BML_WORMS": ("Bone marrow lesion score (WORMS)", "골수 병변 점수 (WORMS)", "骨髓病变评分（WORMS）"),
    "T2_MAP_MS": ("Cartilage T2 mapping", "연골 T2 매핑", "软骨 T2 mapping"),
    "DISC_HEIGHT_MM": ("Disc height", "추간판 높이", "椎间盘高度"),
    "DISC_T2_SI_RATIO": ("Disc hydration (T2 signal ratio)", "추간판 수분 (T2 신호비)", "椎间盘含水量（T2 信号比）"),
    "CHAIR_STAND_30S": ("30-second chair stand", "30초 의자 일어서기", "30秒椅子站立"),
    "FAST_WALK_40M_S": ("40 m fast-paced walk", "40m 빠르게 걷기", "40米快走"),
    "STAIR_CLIMB_S": ("Stair climb", "계단 오르기", "爬楼梯"),
    "TIMED_UP_AND_GO_S": ("Timed up-and-go", "일어나 걷기 검사", "计时起立行走"),
    "SIX_MINUTE_WALK_M": ("6-minute walk", "6분 걷기", "6分钟步行"),
    "FLEXION_DEG": ("Active flexion", "능동 굴곡", "主动屈曲"),
})
S["OcExportDataset"] = ("Export its pseudonymised dataset", "가명처리 데이터셋 내보내기", "导出其假名化数据集")
