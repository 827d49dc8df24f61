# Public pre-screening and the coordinators' lead list (issue 6, DOMAIN.md 2 PreScreen and 5.1). Keys start with "Ps".
# Patient-facing: keep to plain words; never the banned wording of DOMAIN.md 5.1 (a test scans these strings).
S["PsTitle"] = ("Is regenerative cell therapy worth a consultation for me?", "재생 세포 치료, 상담을 받아볼 만할까요?", "再生细胞治疗值得我去面诊吗？")
S["PsIntro"] = ("Answer a few questions about your joint or spine. You will see what our clinic's rules say about your answers, how strong the evidence is, the risks and other options. No login is needed and this takes about 3 minutes.",
                "관절이나 척추에 관한 몇 가지 질문에 답해 주세요. 답변에 대해 병원 기준이 어떻게 판단하는지, 근거가 얼마나 충분한지, 위험과 다른 선택지를 보여 드립니다. 로그인은 필요 없으며 약 3분 걸립니다.",
                "请回答几个关于您的关节或脊柱的问题。您将看到本诊所的规则对您的回答怎么看、证据有多充分、风险以及其他选择。无需登录，约需 3 分钟。")
S["PsNotAdvice"] = ("This page gives information, not medical advice. A doctor decides only after examining you.", "이 페이지는 정보를 제공할 뿐 의학적 조언이 아닙니다. 결정은 의사가 진찰한 뒤에 내립니다.", "本页面仅提供信息，不是医疗建议。只有医生为您检查后才能做决定。")
S["PsWhere"] = ("Where is the problem?", "어디가 불편하신가요?", "哪里有问题？")
S["PsPain"] = ("Your usual pain, from 0 (none) to 10 (worst imaginable)", "평소 통증 정도: 0(없음)부터 10(상상할 수 있는 최악)까지", "您平时的疼痛程度：0（无痛）到 10（能想象的最痛）")
S["PsDuration"] = ("How many months have you had these symptoms?", "이 증상이 몇 개월째 있으신가요?", "这些症状持续了几个月？")
S["PsTried"] = ("Which treatments have you already tried for it? (tick all that apply)", "이미 받아본 치료를 모두 선택해 주세요", "您已经尝试过哪些治疗？（可多选）")
S["PsFlags"] = ("Does any of this apply to you? (tick all that apply)", "다음 중 해당하는 것이 있나요? (모두 선택)", "以下情况是否适用于您？（可多选）")
S["PsFollowUp"] = ("Can you come to check-ups and rehabilitation over the next 24 months?", "앞으로 24개월 동안 추적 진료와 재활에 올 수 있나요?", "未来 24 个月内您能来参加随访和康复吗？")
S["PsBudget"] = ("Do you know that cell therapy is paid by the patient (self-pay, not covered by insurance)?", "세포 치료가 환자 본인 부담(보험 미적용)이라는 것을 알고 계신가요?", "您是否知道细胞治疗由患者自费（医保不报销）？")
S["PsYes"] = ("Yes", "예", "是")
S["PsNo"] = ("No", "아니요", "否")
S["PsContactTitle"] = ("Would you like the clinic to contact you?", "병원에서 연락을 드릴까요?", "您希望诊所联系您吗？")
S["PsContactMe"] = ("Yes, contact me about a consultation. I agree that the clinic keeps my name and contact details for this.", "네, 상담에 관해 연락해 주세요. 이를 위해 병원이 제 이름과 연락처를 보관하는 데 동의합니다.", "是的，请就面诊联系我。我同意诊所为此保存我的姓名和联系方式。")
S["PsContactHint"] = ("Without this tick, no name or contact detail is kept: only your answers, without your identity.", "이 항목을 선택하지 않으면 이름과 연락처는 보관하지 않으며, 신원 없이 답변만 저장됩니다.", "如果不勾选，我们不会保存姓名或联系方式，只保存不含身份信息的回答。")
S["PsName"] = ("Your name", "이름", "姓名")
S["PsPhone"] = ("Telephone", "전화번호", "电话")
S["PsEmail"] = ("E-mail", "이메일", "电子邮箱")
S["PsPreferredLanguage"] = ("Language for the call or message", "연락받을 언어", "联系时使用的语言")
S["PsHoneypot"] = ("Leave this field empty", "이 칸은 비워 두세요", "此栏请留空")
S["PsSubmit"] = ("See my result", "결과 보기", "查看结果")
S["PsFieldProblem"] = ("Please check this answer.", "이 답변을 확인해 주세요.", "请检查此项回答。")
S["PsFixErrors"] = ("Some answers need checking; they are marked below.", "확인이 필요한 답변이 있습니다. 아래에 표시되어 있습니다.", "有些回答需要检查，已在下方标出。")
S["PsResultTitle"] = ("Your pre-screening result", "사전 선별 결과", "您的预筛查结果")
S["PsWhy"] = ("Why", "이유", "原因")
S["PsNoReasons"] = ("None of your answers points against a consultation.", "상담을 받지 말아야 할 이유가 되는 답변은 없습니다.", "您的回答中没有不适合面诊的情况。")
S["PsResearchOnly"] = ("Research only", "연구 참여로만 가능", "仅限研究")
S["PsEvidence"] = ("How strong is the evidence?", "근거는 얼마나 충분한가요?", "证据有多充分？")
S["PsTimeCourse"] = ("What to expect over time", "시간에 따른 경과", "随时间的预期变化")
S["PsCost"] = ("Cost", "비용", "费用")
S["PsRisks"] = ("Risks", "위험", "风险")
S["PsRisksCommon"] = ("Known, usually short-lived side effects:", "알려진, 대개 일시적인 부작용:", "已知的、通常短暂的副作用：")
S["PsRisksSerious"] = ("Rare but serious risks, always watched for:", "드물지만 심각하여 항상 확인하는 위험:", "罕见但严重、需始终关注的风险：")
S["PsAlternatives"] = ("Other options", "다른 선택지", "其他选择")
S["PsQuestions"] = ("Questions to ask any clinic (after the International Society for Stem Cell Research)", "어느 병원에서든 물어볼 질문 (국제줄기세포학회 안내에 따름)", "向任何诊所提出的问题（参照国际干细胞研究学会）")
S["PsResults"] = ("Results at this clinic", "이 병원의 결과", "本诊所的结果")
S["PsContactKept"] = ("Thank you. The clinic will contact you.", "감사합니다. 병원에서 연락드리겠습니다.", "谢谢。诊所会与您联系。")
S["PsContactNotKept"] = ("You did not ask to be contacted, so no contact details were kept. You can call the clinic to book a consultation.", "연락 요청을 하지 않으셔서 연락처는 보관하지 않았습니다. 상담 예약은 병원에 전화해 주세요.", "您没有要求联系，因此未保存联系方式。您可以致电诊所预约面诊。")
S["PsAgain"] = ("Start again", "다시 하기", "重新开始")
S["PsTooMany"] = ("Too many submissions from this address. Please wait and try again later.", "이 주소에서 제출이 너무 많습니다. 잠시 후 다시 시도해 주세요.", "来自此地址的提交过多。请稍后再试。")
codes("PsTried", {"NSAID": ("Anti-inflammatory pain medicines (NSAIDs)", "소염진통제 (NSAID)", "非甾体抗炎止痛药（NSAID）"),
    "IA_CORTICOSTEROID": ("Steroid injection into the joint", "관절 내 스테로이드 주사", "关节腔内注射激素"),
    "IA_HA": ("Hyaluronic acid injection into the joint", "관절 내 히알루론산 주사", "关节腔内注射透明质酸"),
    "PHYSIOTHERAPY": ("Physiotherapy or exercise programme", "물리치료 또는 운동 프로그램", "物理治疗或运动计划"),
    "WEIGHT_LOSS": ("Weight loss", "체중 감량", "减轻体重"),
    "BRACE": ("Brace or support", "보조기", "护具或支具"),
    "SURGERY": ("Surgery", "수술", "手术")})
codes("PsFlag", {"ToldBoneOnBone": ("A doctor said my joint is \"bone on bone\"", "의사에게 관절이 '뼈와 뼈가 맞닿았다'는 말을 들었다", "医生说我的关节已\"骨对骨\""),
    "ToldAvn": ("A doctor said I have avascular necrosis (bone death from poor blood supply)", "의사에게 무혈성 괴사가 있다는 말을 들었다", "医生说我有无血管性坏死（骨缺血坏死）"),
    "ActiveInfection": ("I have an infection now", "현재 감염이 있다", "我目前有感染"),
    "ImmuneDiseaseActive": ("I have an active autoimmune disease", "활동성 자가면역 질환이 있다", "我患有活动性自身免疫疾病"),
    "Immunosuppressants": ("I take medicines that suppress the immune system", "면역억제제를 복용한다", "我在服用免疫抑制药物"),
    "CancerActiveOrRecent": ("I have cancer now or had it in the last 5 years", "현재 암이 있거나 최근 5년 안에 암을 앓았다", "我目前患有癌症或过去 5 年内患过癌症"),
    "PregnantOrLactating": ("I am pregnant or breastfeeding", "임신 중이거나 수유 중이다", "我正在怀孕或哺乳"),
    "Anticoagulant": ("I take a blood thinner (anticoagulant)", "항응고제(혈액을 묽게 하는 약)를 복용한다", "我在服用抗凝药（稀释血液的药物）")})
codes("PsVerdict", {"WORTH_CONSULTATION": ("Likely worth a consultation", "진료 상담을 받아볼 만합니다", "值得预约面诊"),
    "PROBABLY_NOT_SUITABLE": ("Probably not suitable", "적합하지 않을 가능성이 높습니다", "可能不适合")})
codes("PsStatus", {"NEW": ("New", "신규", "新"), "CONTACTED": ("Contacted", "연락함", "已联系"), "CLOSED": ("Closed", "종료", "已关闭")})
# Staff: the coordinators' lead list.
S["PsLeads"] = ("Pre-screening leads", "사전 선별 리드", "预筛查线索")
S["PsLeadsNone"] = ("No leads.", "리드가 없습니다.", "没有线索。")
S["PsSubmitted"] = ("Submitted", "제출일", "提交时间")
S["PsVerdict"] = ("Result", "결과", "结果")
S["PsContact"] = ("Contact", "연락처", "联系方式")
S["PsNoContactConsent"] = ("No consent to contact", "연락 동의 없음", "未同意联系")
S["PsStatus"] = ("Status", "상태", "状态")
S["PsMarkContacted"] = ("Mark contacted", "연락함으로 표시", "标记为已联系")
S["PsMarkClosed"] = ("Close", "종료", "关闭")
S["PsFilterAll"] = ("All", "전체", "全部")
S["PsLeadsNav"] = ("Leads", "상담 문의", "咨询线索")
