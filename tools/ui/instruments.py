# Instrument forms: which wording the staff form shows.
S["LicensedWordingShown"] = ("Licensed wording shown ({0}).", "라이선스 문구를 표시합니다({0}).", "显示已授权的正式措辞（{0}）。")
S["ShortLabelsShown"] = ("No licensed wording is loaded for this questionnaire in this language: the short item descriptions are shown. Transcribe from the patient's paper form.",
    "이 언어로 된 이 설문지의 라이선스 문구가 없어 짧은 문항 설명을 표시합니다. 환자의 종이 설문지를 보고 입력하세요.",
    "尚未加载该问卷此语言的授权措辞，显示的是简短条目说明。请依据患者的纸质问卷录入。")
# ISNCSCI worksheet grid.
S["IsncsciLevel"] = ("Level", "분절", "节段")
S["IsncsciRight"] = ("Right", "오른쪽", "右侧")
S["IsncsciLeft"] = ("Left", "왼쪽", "左侧")
S["IsncsciMotor"] = ("Motor (0–5, NT)", "운동 (0–5, NT)", "运动（0–5，NT）")
S["IsncsciLightTouch"] = ("Light touch (0–2, NT)", "가벼운 촉각 (0–2, NT)", "轻触觉（0–2，NT）")
S["IsncsciPinPrick"] = ("Pin prick (0–2, NT)", "바늘 통각 (0–2, NT)", "针刺觉（0–2，NT）")
S["IsncsciOther"] = ("Anorectal exam and lowest non-key muscle", "항문 직장 검사와 가장 낮은 비핵심 근육", "肛门直肠检查与最低非关键肌")
S["IsncsciClassification"] = ("Classification", "분류", "分类")
S["NotDeterminable"] = ("not determinable", "판정 불가", "无法判定")
codes("IsncsciKey", {
    "sensory_level_R": ("Sensory level, right", "감각 수준, 오른쪽", "感觉平面（右）"),
    "sensory_level_L": ("Sensory level, left", "감각 수준, 왼쪽", "感觉平面（左）"),
    "motor_level_R": ("Motor level, right", "운동 수준, 오른쪽", "运动平面（右）"),
    "motor_level_L": ("Motor level, left", "운동 수준, 왼쪽", "运动平面（左）"),
    "nli": ("Neurological level of injury", "신경학적 손상 수준", "神经损伤平面"),
    "complete": ("Complete injury", "완전 손상", "完全性损伤"),
    "ais": ("ASIA Impairment Scale", "ASIA 손상 척도", "ASIA 残损分级"),
})
S["IsncsciTrue"] = ("Yes", "예", "是")
S["IsncsciFalse"] = ("No", "아니요", "否")
