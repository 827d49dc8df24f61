# UI strings of the follow-up slice (worklist, schedule, visit record, home page counts).
S["FuFollowUp"] = ("Follow-up", "추적관찰", "随访")
S["FuWorklist"] = ("Follow-up worklist", "추적관찰 업무 목록", "随访工作清单")
S["FuDueThisWeek"] = ("Due this week", "이번 주 예정", "本周到期")
S["FuOverdue"] = ("Overdue", "기한 경과", "逾期")
S["FuMissed"] = ("Missed", "누락", "错过")
S["FuWorklistHelp"] = ("Due this week: appointment within the next 7 days. Overdue: appointment passed, window still open. Missed: window closed without a visit (last {0} days).",
    "이번 주 예정: 7일 이내 예약. 기한 경과: 예약일이 지났으나 허용 기간 내. 누락: 방문 없이 허용 기간 종료(최근 {0}일).",
    "本周到期：7天内的预约。逾期：预约日已过但仍在时间窗内。错过：时间窗已过且未访视（最近 {0} 天）。")
S["FuNone"] = ("Nothing here.", "해당 없음.", "无。")
S["FuFilterSite"] = ("Site code", "기관 코드", "机构代码")
S["FuFilterPhysician"] = ("Treating physician (username)", "담당 의사(아이디)", "主治医生（用户名）")
S["FuFilter"] = ("Filter", "필터", "筛选")
S["FuSchedule"] = ("Follow-up schedule", "추적관찰 일정", "随访计划")
S["FuNoSchedule"] = ("No follow-up schedule yet. It starts with the first injection.", "아직 추적관찰 일정이 없습니다. 첫 주사 시 시작됩니다.", "尚无随访计划。首次注射时自动开始。")
S["FuStartByHand"] = ("Start a schedule for a patient treated before this system was in use", "시스템 도입 전에 치료받은 환자의 일정 시작", "为本系统启用前已治疗的患者开始随访计划")
S["FuDay0"] = ("Day 0 (first injection)", "0일(첫 주사일)", "第0天（首次注射）")
S["FuTreatingPhysician"] = ("Treating physician", "담당 의사", "主治医生")
S["FuTreatingPhysicianHelp"] = ("Username; leave empty if you are the treating physician.", "아이디. 본인이 담당 의사이면 비워 두세요.", "用户名；如您本人是主治医生可留空。")
S["FuStart"] = ("Start schedule", "일정 시작", "开始计划")
S["FuTargetDate"] = ("Target date", "목표일", "目标日期")
S["FuAppointment"] = ("Appointment", "예약일", "预约日期")
S["FuWindow"] = ("Window", "허용 기간", "时间窗")
S["FuActualDate"] = ("Actual date", "실제 방문일", "实际日期")
S["FuContent"] = ("Content", "내용", "内容")
S["FuSafetyOnly"] = ("safety only (V3)", "안전성 추적만(V3)", "仅安全性随访（V3）")
S["FuAnalysisVisit"] = ("Counts as", "분석 배정", "分析归入")
S["FuUnassigned"] = ("unassigned", "미배정", "未归入")
S["FuOpen"] = ("Open", "열기", "打开")
S["FuRecordVisit"] = ("Record visit", "방문 기록", "记录访视")
S["FuContact"] = ("Contact", "접촉 방식", "联系方式")
S["FuInstruments"] = ("Instruments completed", "작성한 평가 도구", "已完成量表")
S["FuStoredResponses"] = ("Stored questionnaire responses", "저장된 설문 응답", "已保存的问卷答卷")
S["FuOtherInstruments"] = ("Other instrument codes (comma-separated, e.g. EQ5D, SF12)", "기타 평가 도구 코드(쉼표로 구분, 예: EQ5D, SF12)", "其他量表代码（逗号分隔，如 EQ5D、SF12）")
S["FuExam"] = ("Examination", "진찰", "体格检查")
S["FuFlexion"] = ("Flexion (degrees)", "굴곡(도)", "屈曲（度）")
S["FuExtension"] = ("Extension (degrees; negative = extension deficit)", "신전(도; 음수 = 신전 제한)", "伸展（度；负值 = 伸展受限）")
S["FuChairStand"] = ("30-second chair stand (stands)", "30초 의자 일어서기(횟수)", "30秒椅子站立（次）")
S["FuFastWalk"] = ("40 m fast-paced walk (seconds)", "40m 빠르게 걷기(초)", "40米快走（秒）")
S["FuStairSeconds"] = ("Stair climb (seconds)", "계단 오르기(초)", "爬楼梯（秒）")
S["FuStairSteps"] = ("Stair climb (number of steps)", "계단 오르기(계단 수)", "爬楼梯（台阶数）")
S["FuTug"] = ("Timed up-and-go (seconds)", "일어나 걸어가기 검사(초)", "起立行走计时（秒）")
S["FuSixMinute"] = ("6-minute walk (metres)", "6분 걷기(미터)", "6分钟步行（米）")
S["FuImagingRead"] = ("Radiograph read", "X선 판독", "X线判读")
S["FuBiomarkers"] = ("Biomarkers", "바이오마커", "生物标志物")
S["FuSpecimen"] = ("Specimen", "검체", "标本")
S["FuValue"] = ("Value (pg/mL)", "값(pg/mL)", "数值（pg/mL）")
S["FuAssay"] = ("Assay", "분석법", "检测方法")
S["FuLloq"] = ("LLOQ (pg/mL)", "정량 하한(pg/mL)", "定量下限（pg/mL）")
S["FuNewTreatments"] = ("New treatments since the last visit", "지난 방문 이후 새 치료", "上次访视后的新治疗")
S["FuCategory"] = ("Category", "분류", "类别")
S["FuAgent"] = ("Agent", "약제", "药物")
S["FuStartedOn"] = ("Started on", "시작일", "开始日期")
S["FuReason"] = ("Reason", "사유", "原因")
S["FuCorrectionReason"] = ("Reason for correction (required when changing a recorded visit)", "정정 사유(기록된 방문을 변경할 때 필수)", "更正原因（修改已记录的访视时必填）")
S["FuSaveVisit"] = ("Save visit", "방문 저장", "保存访视")
S["FuReschedule"] = ("Reschedule", "일정 변경", "改期")
S["FuNewDate"] = ("New appointment date", "새 예약일", "新预约日期")
S["FuHistory"] = ("History", "이력", "历史")
S["FuVersion"] = ("Version", "버전", "版本")
S["FuRecordedBy"] = ("Recorded by", "기록자", "记录人")
S["FuEndpoint"] = ("Endpoint event: replacement of the treated joint or surgery of the treated spinal level", "종결점 사건: 치료 부위의 관절 치환술 또는 척추 수술", "终点事件：治疗关节置换或治疗节段脊柱手术")
S["FuEndpointType"] = ("Type", "종류", "类型")
S["FuLevel"] = ("Spinal level", "척추 분절", "脊柱节段")
S["FuNote"] = ("Note", "메모", "备注")
S["FuRecordEndpoint"] = ("Record endpoint", "종결점 기록", "记录终点")
S["FuEndpointRecorded"] = ("Endpoint: {0} on {1}. Later visits continue as safety follow-up only.", "종결점: {1}에 {0}. 이후 방문은 안전성 추적만 계속합니다.", "终点：{1} {0}。之后的访视仅继续安全性随访。")
S["FuEndFollowUp"] = ("Withdrawal or loss to follow-up", "중도 철회 또는 추적 소실", "退出或失访")
S["FuEndKind"] = ("Kind", "구분", "类别")
S["FuRecordEnd"] = ("End follow-up", "추적관찰 종료", "结束随访")
S["FuEndedOn"] = ("Follow-up ended on {0} ({1}): {2}", "{0}에 추적관찰 종료({1}): {2}", "随访于 {0} 结束（{1}）：{2}")
S["FuCountsTitle"] = ("Follow-up today", "오늘의 추적관찰", "今日随访")
S["FuHomeIntro"] = ("Find a patient or register a new one.", "환자를 찾거나 새로 등록하세요.", "查找患者或登记新患者。")
S["FuHome"] = ("Home", "홈", "首页")
S["FuDay0Short"] = ("Day 0", "0일", "第0天")
S["FuBackToSchedule"] = ("Back to the schedule", "일정으로 돌아가기", "返回随访计划")
S["FuVisitTitle"] = ("Visit {0}", "방문 {0}", "访视 {0}")
codes("FuStatus", {
    "SCHEDULED": ("Scheduled", "예정", "已安排"),
    "DONE_IN_WINDOW": ("Done in window", "기간 내 완료", "时间窗内完成"),
    "DONE_OUT_OF_WINDOW": ("Done out of window", "기간 외 완료", "时间窗外完成"),
    "MISSED": ("Missed", "누락", "错过"),
    "WITHDRAWN": ("Withdrawn", "철회", "已退出"),
    "ACTIVE": ("Active", "진행 중", "进行中"),
    "LOST_TO_FOLLOW_UP": ("Lost to follow-up", "추적 소실", "失访"),
})
codes("FuContent", {
    "PROMS": ("PROMs", "환자 보고 결과", "患者报告结局"),
    "AE_CHECK": ("AE check", "이상사례 확인", "不良事件检查"),
    "XRAY": ("X-ray", "X선", "X线"),
    "MRI": ("MRI", "MRI", "MRI"),
    "MRI_OPTIONAL": ("MRI (optional)", "MRI(선택)", "MRI（可选）"),
    "LABS": ("Labs", "검사실 검사", "实验室检查"),
    "BIOMARKERS": ("Biomarkers", "바이오마커", "生物标志物"),
    "SAFETY_CALL": ("Safety call", "안전성 전화 확인", "安全性电话随访"),
    "ARTHROPLASTY_STATUS": ("Arthroplasty status", "관절 치환술 여부", "关节置换状态"),
})
codes("FuContactCode", {
    "VISIT": ("Clinic visit", "내원", "门诊访视"),
    "PHONE": ("Phone", "전화", "电话"),
    "VIDEO": ("Video", "화상", "视频"),
})
codes("FuTreatment", {
    "IA_INJECTION": ("Intra-articular injection", "관절강내 주사", "关节腔内注射"),
    "ANALGESIC": ("Analgesic", "진통제", "镇痛药"),
})
codes("FuEndpointCode", {
    "TOTAL_KNEE_ARTHROPLASTY": ("Total knee arthroplasty", "인공 슬관절 전치환술", "全膝关节置换术"),
    "UNICOMPARTMENTAL_KNEE_ARTHROPLASTY": ("Unicompartmental knee arthroplasty", "인공 슬관절 부분 치환술", "单髁膝关节置换术"),
    "PATELLOFEMORAL_ARTHROPLASTY": ("Patellofemoral arthroplasty", "슬개대퇴 관절 치환술", "髌股关节置换术"),
    "TOTAL_HIP_ARTHROPLASTY": ("Total hip arthroplasty", "인공 고관절 전치환술", "全髋关节置换术"),
    "HIP_HEMIARTHROPLASTY": ("Hip hemiarthroplasty", "인공 고관절 반치환술", "半髋关节置换术"),
    "HIP_RESURFACING": ("Hip resurfacing", "고관절 표면 치환술", "髋关节表面置换术"),
    "SPINAL_FUSION": ("Spinal fusion", "척추 유합술", "脊柱融合术"),
    "DISCECTOMY": ("Discectomy", "추간판 절제술", "椎间盘切除术"),
    "TOTAL_DISC_REPLACEMENT": ("Total disc replacement", "인공 추간판 치환술", "人工椎间盘置换术"),
    "DECOMPRESSION": ("Decompression", "감압술", "减压术"),
    "OTHER_SPINE_SURGERY": ("Other spine surgery", "기타 척추 수술", "其他脊柱手术"),
})
