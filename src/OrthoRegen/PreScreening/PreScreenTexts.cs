using OrthoRegen.Assessment;
using OrthoRegen.Instruments;

namespace OrthoRegen.PreScreening;

/// <summary>
/// Every patient-facing sentence of the pre-screening result, in English, Korean and Chinese (DOMAIN.md 5.1). Rule
/// sentences are the patient's wording of <see cref="Candidacy.CandidacyMessages"/> (same keys, same arguments).
/// The words banned by 5.1 must never appear here; a test scans every entry. No percentages: the clinic has no
/// registry result to show yet.
/// </summary>
public static class PreScreenTexts
{
    /// <summary>Patient wording of the candidacy rule sentences a self-report can trigger. {0}, {1} as in CandidacyMessages.</summary>
    public static readonly IReadOnlyDictionary<string, LocalizedText> Reasons = new Dictionary<string, LocalizedText>
    {
        ["C1.BoneOnBone"] = new(
            "You were told your joint is \"bone on bone\". When the joint space is completely lost, cell therapy is unlikely to help; a joint replacement is usually the option to discuss.",
            "관절이 '뼈와 뼈가 맞닿은' 상태라고 들으셨습니다. 관절 간격이 완전히 없어진 경우 세포 치료의 도움을 기대하기 어렵고, 보통 인공관절 수술을 상의하게 됩니다.",
            "您被告知关节已经\"骨对骨\"。关节间隙完全消失时，细胞治疗难以带来帮助，通常需要讨论关节置换。"),
        ["C1.Missing"] = new(
            "The stage of your arthritis is not known yet: a standing X-ray at the consultation will show it.",
            "관절염의 단계는 아직 알 수 없습니다. 진료 시 서서 찍는 X선 검사로 확인합니다.",
            "您的关节炎分期尚不清楚：面诊时的站立位 X 线片可以显示。"),
        ["C2.NoneFailed"] = new(
            "You have not yet tried the usual first treatments (pain medicines, physiotherapy, joint injections). These are normally tried first.",
            "아직 일반적인 1차 치료(진통소염제, 물리치료, 관절 주사)를 받아보지 않으셨습니다. 보통 이 치료들을 먼저 시도합니다.",
            "您尚未尝试常规的一线治疗（止痛消炎药、物理治疗、关节腔注射）。通常应先尝试这些治疗。"),
        ["C2.ShortSymptoms"] = new(
            "Your symptoms started {0} months ago. Before {1} months, simpler treatments often still help, so a doctor may suggest waiting and trying them first.",
            "증상이 시작된 지 {0}개월입니다. {1}개월이 되기 전에는 더 간단한 치료로도 좋아지는 경우가 많아, 의사가 먼저 그 치료를 권하고 기다려 보자고 할 수 있습니다.",
            "您的症状已持续 {0} 个月。在 {1} 个月之前，较简单的治疗往往仍有帮助，医生可能建议先尝试这些治疗并观察。"),
        ["C3.Infection"] = new(
            "An active infection rules out this treatment until it has cleared.",
            "활동성 감염이 있으면 감염이 나을 때까지 이 치료를 받을 수 없습니다.",
            "存在活动性感染时，在感染消除之前不能接受这种治疗。"),
        ["C3.ImmuneDisease"] = new(
            "An active immune (autoimmune) disease rules out this treatment.",
            "활동성 면역(자가면역) 질환이 있으면 이 치료를 받을 수 없습니다.",
            "患有活动性免疫（自身免疫）疾病时不能接受这种治疗。"),
        ["C3.Immunodeficiency"] = new(
            "Medicines that suppress the immune system, or a weakened immune system, rule out this treatment.",
            "면역을 억제하는 약을 복용 중이거나 면역력이 약해진 상태라면 이 치료를 받을 수 없습니다.",
            "正在使用免疫抑制药物或免疫功能低下时不能接受这种治疗。"),
        ["C3.Malignancy"] = new(
            "Current or recent cancer rules out this treatment.",
            "현재 또는 최근의 암은 이 치료를 받을 수 없는 사유입니다.",
            "目前或近期患有癌症时不能接受这种治疗。"),
        ["C3.Pregnancy"] = new(
            "This treatment is not given during pregnancy or breastfeeding.",
            "임신 중이거나 수유 중에는 이 치료를 하지 않습니다.",
            "怀孕或哺乳期间不进行这种治疗。"),
        ["C3.Anticoagulant"] = new(
            "You take a blood thinner: the doctor will plan the procedure with you and may ask your other doctors first.",
            "항응고제(혈액을 묽게 하는 약)를 복용 중이시므로, 의사가 다른 주치의와 상의하여 시술을 계획할 수 있습니다.",
            "您在服用抗凝药（稀释血液的药物）：医生会与您一起规划操作，可能需要先咨询您的其他医生。"),
        ["C5.NoFollowUp"] = new(
            "This treatment needs check-ups and rehabilitation over 24 months. If you cannot attend them, it is not suitable.",
            "이 치료는 24개월 동안의 추적 진료와 재활이 필요합니다. 참석할 수 없다면 적합하지 않습니다.",
            "这种治疗需要 24 个月的随访和康复。如果您无法参加，则不适合。"),
        ["C7.Missing"] = new(
            "The state of your discs is not known yet: an MRI is needed to see whether a research study could be considered.",
            "디스크 상태는 아직 알 수 없습니다. 연구 참여를 검토할 수 있는지 보려면 MRI가 필요합니다.",
            "您的椎间盘状况尚不清楚：需要做 MRI 才能判断是否可以考虑参加研究。"),
        ["C8.ResearchOnly"] = new(
            "For this condition, cell therapy is experimental: it may be offered only within an approved research study, not as routine treatment.",
            "이 질환에 대한 세포 치료는 실험 단계입니다. 일반 진료가 아니라 승인된 연구 안에서만 제공될 수 있습니다.",
            "对于这种疾病，细胞治疗仍处于试验阶段：只能在经批准的研究中提供，而不是常规治疗。"),
    };

    /// <summary>Said when the self-report mentions avascular necrosis: the stage (from MRI) decides, not the self-report.</summary>
    public static readonly LocalizedText AvnNote = new(
        "You were told you have avascular necrosis (loss of blood supply to the bone). Its stage on MRI decides: advanced necrosis with collapse of the bone is not suitable for cell therapy.",
        "무혈성 괴사(뼈로 가는 혈류가 끊긴 상태)가 있다고 들으셨습니다. MRI상 단계가 중요하며, 뼈가 무너진 진행된 괴사는 세포 치료에 적합하지 않습니다.",
        "您被告知患有无血管性坏死（骨的血液供应中断）。由 MRI 分期决定：已出现骨塌陷的晚期坏死不适合细胞治疗。");

    public static readonly LocalizedText VerdictConsultation = new("Likely worth a consultation", "진료 상담을 받아볼 만합니다", "值得预约面诊");
    public static readonly LocalizedText VerdictNotSuitable = new("Probably not suitable", "적합하지 않을 가능성이 높습니다", "可能不适合");

    public static readonly LocalizedText VerdictConsultationText = new(
        "Nothing you told us rules cell therapy out. Only a doctor can decide, after examining you and looking at X-rays or MRI.",
        "알려주신 내용 중 세포 치료를 배제하는 사유는 없습니다. 결정은 의사가 진찰하고 X선이나 MRI를 확인한 뒤에만 내릴 수 있습니다.",
        "您提供的信息中没有排除细胞治疗的情况。只有医生在为您检查并查看 X 线或 MRI 后才能做出决定。");
    public static readonly LocalizedText VerdictNotSuitableText = new(
        "Based on what you told us, cell therapy is probably not right for you now. The reasons are below; a doctor can tell you which other treatments may help.",
        "알려주신 내용으로 보면 지금은 세포 치료가 맞지 않을 가능성이 높습니다. 이유는 아래와 같으며, 어떤 다른 치료가 도움이 될지는 의사가 안내해 드릴 수 있습니다.",
        "根据您提供的信息，细胞治疗目前可能不适合您。原因如下；医生可以告诉您其他可能有帮助的治疗。");

    public static readonly LocalizedText NotAPromise = new(
        "This is not a diagnosis and not a promise of any result. It only reflects what you entered.",
        "이 결과는 진단이 아니며 어떤 결과도 약속하지 않습니다. 입력하신 내용만 반영한 것입니다.",
        "这不是诊断，也不承诺任何结果。它只反映您填写的内容。");

    public static readonly LocalizedText NoClinicFigures = new(
        "No response rate is shown: this clinic has not yet analysed the results of its own patients, and figures from other studies or clinics would not tell you what to expect here.",
        "반응률은 표시하지 않습니다. 이 병원은 아직 자체 환자 결과를 분석하지 않았으며, 다른 연구나 병원의 수치로는 이곳에서 기대할 수 있는 결과를 알 수 없습니다.",
        "此处不显示有效率：本诊所尚未分析自己患者的结果，其他研究或诊所的数字也不能说明您在这里可以期待什么。");

    /// <summary>How strong the evidence is per indication (DOMAIN.md 5.1, [S000], [S001], [S002]).</summary>
    public static readonly IReadOnlyDictionary<string, LocalizedText> EvidenceTier = new Dictionary<string, LocalizedText>
    {
        [AssessmentCodes.KneeOa] = new(
            "Knee osteoarthritis: several randomised trials and summaries of trials exist. On average, pain and function improved by about the smallest change patients notice; some people improve more, some not at all.",
            "무릎 골관절염: 여러 무작위 임상시험과 이를 종합한 연구가 있습니다. 평균적으로 통증과 기능의 개선은 환자가 느낄 수 있는 최소 변화 정도였고, 더 좋아지는 사람도 있지만 전혀 좋아지지 않는 사람도 있습니다.",
            "膝骨关节炎：已有多项随机对照试验及其汇总分析。平均而言，疼痛和功能的改善约为患者能察觉的最小变化；有些人改善更多，有些人完全没有改善。"),
        [AssessmentCodes.HipOa] = new(
            "Hip osteoarthritis: only small, early studies exist. Treatment of the hip is more experimental than of the knee.",
            "고관절 골관절염: 소규모의 초기 연구만 있습니다. 고관절 치료는 무릎보다 더 실험적인 단계입니다.",
            "髋骨关节炎：只有小规模的早期研究。髋关节治疗比膝关节更具试验性。"),
        [AssessmentCodes.DiscDegeneration] = new(
            "Disc degeneration: only small or early-phase (phase I) studies exist. It is experimental.",
            "추간판 퇴행: 소규모 또는 초기(1상) 연구만 있습니다. 실험 단계의 치료입니다.",
            "椎间盘退变：只有小规模或早期（I 期）研究。属于试验性治疗。"),
        [AssessmentCodes.Sci] = new(
            "Spinal cord injury: only small early-phase (phase I) studies exist. It is experimental.",
            "척수 손상: 소규모 초기(1상) 연구만 있습니다. 실험 단계의 치료입니다.",
            "脊髓损伤：只有小规模早期（I 期）研究。属于试验性治疗。"),
    };

    /// <summary>The usual time course (DOMAIN.md 5.1: 2–3 months to onset, 9–24 months duration, may not occur).</summary>
    public static readonly LocalizedText TimeCourse = new(
        "If it helps, improvement usually starts 2–3 months after the injection and lasts about 9–24 months. It may not happen at all, and long-term results beyond 2–3 years are limited.",
        "도움이 된다면 보통 주사 후 2~3개월부터 좋아지기 시작해 약 9~24개월 지속됩니다. 전혀 좋아지지 않을 수도 있으며, 2~3년 이후의 장기 결과는 자료가 부족합니다.",
        "如果有效，通常在注射后 2–3 个月开始改善，持续约 9–24 个月。也可能完全没有改善，2–3 年以后的长期结果资料有限。");

    public static readonly LocalizedText CostQuoted = new(
        "Cell therapy is paid by the patient (self-pay). The clinic will tell you the cost at the consultation, before you decide anything.",
        "세포 치료는 환자 본인 부담(비급여)입니다. 결정하시기 전에 진료 상담 시 병원이 비용을 안내해 드립니다.",
        "细胞治疗由患者自费。在您做出任何决定之前，诊所会在面诊时告知费用。");
    public static readonly LocalizedText CostConfigured = new(
        "Cell therapy is paid by the patient (self-pay). At this clinic it costs {0}.",
        "세포 치료는 환자 본인 부담(비급여)입니다. 이 병원의 비용은 {0}입니다.",
        "细胞治疗由患者自费。本诊所的费用为 {0}。");
    public static readonly LocalizedText CostResearch = new(
        "Within a research study, costs follow the study's rules; ask whether you would pay anything.",
        "연구 참여 시 비용은 해당 연구의 규정을 따릅니다. 본인이 부담할 비용이 있는지 문의하세요.",
        "参加研究时，费用按研究的规定执行；请询问您是否需要支付任何费用。");
    public static readonly LocalizedText CostNotAware = new(
        "You said you were not aware that this is self-pay: please ask about the total cost before deciding.",
        "본인 부담이라는 점을 모르셨다고 답하셨습니다. 결정하시기 전에 총 비용을 꼭 문의하세요.",
        "您表示不知道这是自费治疗：请在决定前询问总费用。");

    /// <summary>Risks, from the clinic's reference safety list (DOMAIN.md 3.3 A4).</summary>
    public static readonly IReadOnlyList<LocalizedText> CommonRisks =
    [
        new("Pain at the injection site", "주사 부위 통증", "注射部位疼痛"),
        new("Swelling or fluid in the joint", "관절 부기 또는 관절액 고임", "关节肿胀或积液"),
        new("A short-lived flare of pain after the injection", "주사 후 일시적인 통증 악화", "注射后短暂的疼痛加重"),
        new("Pain or bruising where bone marrow or fat is taken (if your own cells are used)", "골수나 지방을 채취한 부위의 통증 또는 멍 (자가 세포를 사용하는 경우)", "采集骨髓或脂肪部位的疼痛或淤青（使用自体细胞时）"),
    ];

    public static readonly LocalizedText SpinalRisk = new(
        "Headache after an injection into the spinal fluid", "척수강내 주사 후 두통", "鞘内注射后头痛");

    public static readonly IReadOnlyList<LocalizedText> SeriousRisks =
    [
        new("Infection", "감염", "感染"),
        new("Allergic or immune reaction", "알레르기 또는 면역 반응", "过敏或免疫反应"),
        new("Bone or other tissue forming where it should not (ectopic tissue or calcification)", "있어서는 안 될 곳에 뼈나 다른 조직이 생김 (이소성 조직 또는 석회화)", "在不应出现的部位形成骨或其他组织（异位组织或钙化）"),
        new("Tumour: a theoretical risk that long-term follow-up watches for", "종양: 장기 추적관찰로 확인하는 이론적 위험", "肿瘤：长期随访中需要观察的理论风险"),
    ];

    /// <summary>Alternatives for joints (DOMAIN.md 5.1).</summary>
    public static readonly IReadOnlyList<LocalizedText> JointAlternatives =
    [
        new("Exercise and physiotherapy", "운동과 물리치료", "运动和物理治疗"),
        new("Weight loss, if you are overweight", "과체중이라면 체중 감량", "如超重则减轻体重"),
        new("Anti-inflammatory pain medicines (NSAIDs)", "소염진통제 (NSAID)", "非甾体抗炎止痛药（NSAID）"),
        new("Hyaluronic acid injections into the joint", "관절 내 히알루론산 주사", "关节腔内注射透明质酸"),
        new("Joint replacement surgery (arthroplasty)", "인공관절 치환술", "关节置换手术"),
    ];

    public static readonly IReadOnlyList<LocalizedText> SpineAlternatives =
    [
        new("Exercise and physiotherapy", "운동과 물리치료", "运动和物理治疗"),
        new("Weight loss, if you are overweight", "과체중이라면 체중 감량", "如超重则减轻体重"),
        new("Anti-inflammatory pain medicines (NSAIDs)", "소염진통제 (NSAID)", "非甾体抗炎止痛药（NSAID）"),
        new("Spine surgery, where a surgeon finds it indicated", "척추 전문의가 필요하다고 판단한 경우 척추 수술", "经脊柱外科医生评估有指征时进行脊柱手术"),
    ];

    public static readonly IReadOnlyList<LocalizedText> SciAlternatives =
    [
        new("Specialised rehabilitation", "전문 재활치료", "专科康复治疗"),
        new("Approved clinical trials: ask your spinal injury team", "승인된 임상시험: 척수 손상 담당 의료진에게 문의", "经批准的临床试验：请咨询您的脊髓损伤治疗团队"),
    ];

    /// <summary>Questions to ask any clinic, after the ISSCR's "What to ask" (closerlookatstemcells.org).</summary>
    public static readonly IReadOnlyList<LocalizedText> IsscrQuestions =
    [
        new("What is the scientific evidence that this treatment works for my condition? Where is it published?",
            "이 치료가 제 질환에 효과가 있다는 과학적 근거는 무엇입니까? 어디에 발표되었습니까?",
            "这种治疗对我的疾病有效的科学证据是什么？发表在哪里？"),
        new("Is this treatment approved by the national regulator, or part of a clinical trial reviewed by an independent ethics committee?",
            "이 치료는 국가 규제기관의 승인을 받았습니까, 아니면 독립적인 윤리위원회의 심의를 받은 임상시험입니까?",
            "这种治疗是否获得国家监管机构批准，或是经独立伦理委员会审查的临床试验的一部分？"),
        new("Where do the cells come from, how are they processed, and who inspects the laboratory?",
            "세포는 어디에서 얻고, 어떻게 처리하며, 실험실은 누가 점검합니까?",
            "细胞来自哪里、如何处理、由谁检查实验室？"),
        new("What are the risks and side effects, and what will you do if something goes wrong?",
            "위험과 부작용은 무엇이며, 문제가 생기면 어떻게 대응합니까?",
            "有哪些风险和副作用？如果出现问题你们会怎么处理？"),
        new("How will you measure whether it worked, and how long will you follow me up?",
            "효과가 있었는지 어떻게 측정하며, 얼마나 오래 추적관찰합니까?",
            "你们如何衡量治疗是否有效？会随访我多长时间？"),
        new("What is the total cost, including later visits, and what happens if I need more treatment?",
            "이후 방문을 포함한 총 비용은 얼마이며, 추가 치료가 필요하면 어떻게 됩니까?",
            "包括后续就诊在内的总费用是多少？如果需要更多治疗会怎样？"),
        new("What other treatments could I have, and why do you suggest this one?",
            "제가 받을 수 있는 다른 치료는 무엇이며, 왜 이 치료를 권합니까?",
            "我还可以选择哪些其他治疗？你们为什么建议这种治疗？"),
        new("Can I stop at any time, and who do I contact with questions or problems?",
            "언제든지 중단할 수 있습니까? 질문이나 문제가 있을 때 누구에게 연락합니까?",
            "我可以随时停止吗？有问题时应联系谁？"),
    ];

    /// <summary>Every patient-facing text in this table, for the banned-wording scan.</summary>
    public static IEnumerable<LocalizedText> All()
    {
        foreach (var t in Reasons.Values) yield return t;
        foreach (var t in EvidenceTier.Values) yield return t;
        foreach (var list in new[] { CommonRisks, SeriousRisks, JointAlternatives, SpineAlternatives, SciAlternatives, IsscrQuestions })
            foreach (var t in list) yield return t;
        yield return AvnNote; yield return VerdictConsultation; yield return VerdictNotSuitable; yield return VerdictConsultationText;
        yield return VerdictNotSuitableText; yield return NotAPromise; yield return NoClinicFigures; yield return TimeCourse;
        yield return CostQuoted; yield return CostConfigured; yield return CostResearch; yield return CostNotAware; yield return SpinalRisk;
    }
}
