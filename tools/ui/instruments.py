# Instrument forms: which wording the staff form shows.
S["LicensedWordingShown"] = ("Licensed wording shown ({0}).", "라이선스 문구를 표시합니다({0}).", "显示已授权的正式措辞（{0}）。")
S["ShortLabelsShown"] = ("No licensed wording is loaded for this questionnaire in this language: the short item descriptions are shown. Transcribe from the patient's paper form.",
    "이 언어로 된 이 설문지의 라이선스 문구가 없어 짧은 문항 설명을 표시합니다. 환자의 종이 설문지를 보고 입력하세요.",
    "尚未加载该问卷此语言的授权措辞，显示的是简短条目说明。请依据患者的纸质问卷录入。")
