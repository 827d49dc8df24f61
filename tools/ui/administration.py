# Bedside administration (issue 5 "Administration", DOMAIN.md 2 Administration, 3.4 I1/I2). Keys start with "Adm" or "Bedside_".
S["AdmSection"] = ("Administrations", "투여 기록", "给药记录")
S["AdmNone"] = ("No injection recorded for this plan.", "이 계획에 기록된 주사가 없습니다.", "此计划尚无注射记录。")
S["AdmNew"] = ("Record an injection at the bedside", "병상에서 주사 기록", "在床旁记录注射")
S["AdmTitle"] = ("Bedside administration", "병상 투여", "床旁给药")
S["AdmBackToPlan"] = ("Back to the treatment plan", "치료 계획으로 돌아가기", "返回治疗计划")
S["AdmIntro"] = ("Scan the patient's wristband and the product label. Route, guidance, target and dose are filled in from the plan; every identity check runs before anything is saved.",
                 "환자 팔찌와 제품 라벨을 스캔하세요. 투여 경로, 영상 유도, 부위, 용량은 계획에서 채워집니다. 저장 전에 모든 신원 확인이 실행됩니다.",
                 "请扫描患者腕带和产品标签。给药途径、影像引导、部位和剂量按计划预填；保存前会执行全部身份核对。")
S["AdmScan"] = ("Identity scan", "신원 스캔", "身份扫描")
S["AdmScannedPatient"] = ("Scanned patient identifier (wristband)", "스캔한 환자 식별자 (팔찌)", "扫描的患者标识（腕带）")
S["AdmScannedDin"] = ("Scanned DIN (donation identification number)", "스캔한 DIN (기증 식별 번호)", "扫描的 DIN（捐献识别号）")
S["AdmScannedProductCode"] = ("Scanned product code", "스캔한 제품 코드", "扫描的产品代码")
S["AdmLot"] = ("Lot / division", "로트 / 분할", "批次 / 分装")
S["AdmInjection"] = ("Injection", "주사", "注射")
S["AdmInjectionNumber"] = ("Injection number", "주사 차수", "注射序号")
S["AdmAdministeredAt"] = ("Administered at (UTC, YYYY-MM-DDThh:mmZ)", "투여 시각 (UTC, YYYY-MM-DDThh:mmZ)", "给药时间（UTC，YYYY-MM-DDThh:mmZ）")
S["AdmDose"] = ("Dose given (viable cells ×10⁶)", "투여 용량 (생존 세포 ×10⁶)", "给药剂量（活细胞 ×10⁶）")
S["AdmVolume"] = ("Volume (mL)", "용량 (mL)", "体积（mL）")
S["AdmOperator"] = ("Administering physician", "시술 의사", "操作医生")
S["AdmObservation"] = ("Observation after injection (minutes)", "주사 후 관찰 (분)", "注射后观察（分钟）")
S["AdmProductTemp"] = ("Product temperature at the bedside (°C)", "병상에서의 제품 온도 (°C)", "床旁产品温度（°C）")
S["AdmLocation"] = ("Location (room or bay)", "장소 (병실 또는 구역)", "地点（房间或区域）")
S["AdmImmediateReaction"] = ("Immediate reaction", "즉시 반응", "即时反应")
S["AdmReactionNote"] = ("Describe the reaction", "반응 설명", "描述反应")
S["AdmSubmit"] = ("Check and record the injection", "확인 후 주사 기록", "核对并记录注射")
S["AdmRefused"] = ("Refused: the bedside check failed", "거부됨: 병상 확인 실패", "已拒绝：床旁核对未通过")
S["AdmNothingSaved"] = ("Nothing was saved. Do not give the product until every check below is resolved.",
                        "아무것도 저장되지 않았습니다. 아래 모든 항목이 해결될 때까지 제품을 투여하지 마세요.",
                        "未保存任何内容。在解决以下所有问题之前，请勿给药。")
S["AdmSaved"] = ("Injection {0} with lot {1} recorded.", "로트 {1}로 {0}차 주사가 기록되었습니다.", "已记录第 {0} 次注射（批次 {1}）。")
S["AdmScheduleStarted"] = ("First injection: the follow-up schedule starts today (Day 0).", "첫 주사: 추적관찰 일정이 오늘(0일)부터 시작됩니다.", "首次注射：随访计划自今日（第 0 天）开始。")
S["AdmCustodyProblem"] = ("The ADMINISTERED custody event could not be recorded", "투여(ADMINISTERED) 관리 이력을 기록하지 못했습니다", "未能记录“已给药”监管链事件")
S["AdmWarnings"] = ("Warnings", "경고", "警告")
S["AdmBedsideCheck"] = ("Bedside check", "병상 확인", "床旁核对")
codes("Bedside", {
    "LOT_NOT_RELEASED": ("Lot not released", "출하 승인되지 않은 로트", "批次未放行"),
    "AUTOLOGOUS_DONOR_MISMATCH": ("Autologous donor is not this patient", "자가 공여자가 이 환자가 아님", "自体供者不是本患者"),
    "ALLOCATED_TO_OTHER_PATIENT": ("Allocated to another patient", "다른 환자에게 배정됨", "已分配给其他患者"),
    "DIN_MISMATCH": ("DIN does not match", "DIN 불일치", "DIN 不符"),
    "DIN_CHECK_CHARACTER": ("DIN check character wrong", "DIN 검증 문자 오류", "DIN 校验字符错误"),
    "PRODUCT_CODE_MISMATCH": ("Product code does not match", "제품 코드 불일치", "产品代码不符"),
    "PATIENT_IDENTIFIER_MISMATCH": ("Wrong patient", "환자 불일치", "患者不符"),
    "LOT_EXPIRED": ("Lot expired", "로트 유효기간 경과", "批次已过期"),
    "PLAN_NOT_ACTIVE": ("Plan not active", "활성 계획이 아님", "计划未生效"),
    "PLAN_OTHER_PATIENT": ("Plan of another patient", "다른 환자의 계획", "其他患者的计划"),
    "INJECTION_BEYOND_PLAN": ("More injections than planned", "계획보다 많은 주사", "注射次数超出计划"),
    "INJECTION_ALREADY_GIVEN": ("Injection already recorded", "이미 기록된 주사", "该次注射已记录"),
    "ROUTE_MISMATCH": ("Route differs from the plan", "계획과 다른 투여 경로", "给药途径与计划不符"),
    "TARGET_MISMATCH": ("Target differs from the plan", "계획과 다른 부위", "部位与计划不符"),
    "CELL_SOURCE_MISMATCH": ("Cell source differs from the plan", "계획과 다른 세포 공급원", "细胞来源与计划不符"),
    "ORIGIN_MISMATCH": ("Origin differs from the plan", "계획과 다른 기원", "来源类型与计划不符"),
    "LOT_ROUTE_MISMATCH": ("Lot made for another route", "다른 경로용 로트", "批次用于其他给药途径"),
    "CONSENT_WITHDRAWN": ("Consent withdrawn", "동의 철회됨", "知情同意已撤回"),
    "GUIDANCE_DIFFERS": ("Guidance differs from the plan", "계획과 다른 영상 유도", "影像引导与计划不同"),
    "INTERVAL_SHORT": ("Shorter interval than planned", "계획보다 짧은 간격", "间隔短于计划"),
    "LOT_MADE_FOR_OTHER_PLAN": ("Lot made for another plan", "다른 계획용 로트", "批次用于其他计划"),
})
