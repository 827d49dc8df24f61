#!/usr/bin/env python3
"""Writes src/OrthoRegen.Web/Resources/Ui{,.ko,.zh-CN}.resx from the table below.

The table is the one place UI strings are edited: each key has its English, Korean and Chinese text. Candidacy rule
sentences (keys C1.* … C9.*) have Korean and Chinese only: English comes from Core's CandidacyMessages.
Run: python3 tools/ui-strings.py
"""
import os
from xml.sax.saxutils import escape

S = {
 "SkipToContent": ("Skip to content", "본문으로 건너뛰기", "跳到正文"),
 "MainNavigation": ("Main navigation", "주 메뉴", "主导航"),
 "Language": ("Language", "언어", "语言"),
 "Patients": ("Patients", "환자", "患者"),
 "Patient": ("Patient", "환자", "患者"),
 "RegisterPatient": ("Register patient", "환자 등록", "登记患者"),
 "SignIn": ("Sign in", "로그인", "登录"),
 "SignOut": ("Sign out", "로그아웃", "退出"),
 "SignInFailed": ("Wrong username or password.", "아이디 또는 비밀번호가 올바르지 않습니다.", "用户名或密码错误。"),
 "SignInLocked": ("Too many failed sign-ins: the account is locked for 15 minutes.", "로그인 실패가 너무 많아 계정이 15분간 잠겼습니다.", "登录失败次数过多，账户已锁定 15 分钟。"),
 "Username": ("Username", "아이디", "用户名"),
 "Password": ("Password", "비밀번호", "密码"),
 "ChangePassword": ("Change password", "비밀번호 변경", "修改密码"),
 "MustChangePassword": ("You signed in with a one-time password. Choose your own password to continue.", "일회용 비밀번호로 로그인했습니다. 계속하려면 새 비밀번호를 정하세요.", "您使用一次性密码登录。请设置自己的密码后继续。"),
 "CurrentPassword": ("Current password", "현재 비밀번호", "当前密码"),
 "NewPassword": ("New password", "새 비밀번호", "新密码"),
 "PasswordRule": ("At least 12 characters, at least 5 different characters, not containing your username.", "12자 이상, 서로 다른 문자 5개 이상, 아이디 미포함.", "至少 12 个字符，至少 5 个不同字符，不得包含用户名。"),
 "Save": ("Save", "저장", "保存"),
 "FixErrors": ("Please correct the following:", "다음 항목을 수정하세요:", "请更正以下内容："),
 "NotAllowed": ("Not allowed", "권한 없음", "无权访问"),
 "NotAllowedText": ("Your role does not allow this page.", "현재 역할로는 이 페이지를 볼 수 없습니다.", "您的角色无权访问此页面。"),
 "NotFound": ("Not found", "찾을 수 없음", "未找到"),
 "PatientNotFound": ("No such patient, or not at one of your sites.", "해당 환자가 없거나 담당 기관의 환자가 아닙니다.", "没有该患者，或不属于您的机构。"),
 "SearchLabel": ("Name, record number or pseudonym code", "이름, 등록번호 또는 가명 코드", "姓名、病历号或化名编码"),
 "Search": ("Search", "검색", "搜索"),
 "ResultsCount": ("{0} patients", "환자 {0}명", "共 {0} 名患者"),
 "Name": ("Name", "이름", "姓名"),
 "Pseudonym": ("Pseudonym code", "가명 코드", "化名编码"),
 "RecordNumber": ("Record number", "등록번호", "病历号"),
 "Sex": ("Sex", "성별", "性别"),
 "SexF": ("Female", "여성", "女"),
 "SexM": ("Male", "남성", "男"),
 "SexX": ("Other / not stated", "기타 / 미기재", "其他 / 未说明"),
 "Age": ("Age", "나이", "年龄"),
 "Site": ("Site", "기관", "机构"),
 "Hidden": ("(pseudonymised)", "(가명 처리)", "（已化名）"),
 "Pages": ("Pages", "페이지", "分页"),
 "Previous": ("Previous", "이전", "上一页"),
 "Next": ("Next", "다음", "下一页"),
 "FamilyName": ("Family name", "성", "姓"),
 "GivenName": ("Given name", "이름", "名"),
 "BirthDate": ("Birth date", "생년월일", "出生日期"),
 "PatientLanguage": ("Patient's language", "환자 언어", "患者语言"),
 "Phone": ("Phone", "전화번호", "电话"),
 "Email": ("E-mail", "이메일", "电子邮件"),
 "HeightCm": ("Height (cm)", "키 (cm)", "身高 (cm)"),
 "WeightKg": ("Weight (kg)", "체중 (kg)", "体重 (kg)"),
 "Register": ("Register", "등록", "登记"),
 "Bmi": ("BMI", "체질량지수", "体重指数"),
 "RecordConsent": ("Record consent", "동의서 기록", "记录知情同意"),
 "RecordAssessment": ("Record assessment", "평가 기록", "记录评估"),
 "Consents": ("Consents", "동의서", "知情同意"),
 "NoConsents": ("No consent recorded.", "기록된 동의서가 없습니다.", "尚无知情同意记录。"),
 "Form": ("Form", "양식", "表格"),
 "Pathway": ("Pathway", "경로", "途径"),
 "SignedAt": ("Signed", "서명일시", "签署时间"),
 "SignedOn": ("Signed on", "서명일", "签署日期"),
 "Status": ("Status", "상태", "状态"),
 "Valid": ("Valid", "유효", "有效"),
 "Withdrawn": ("Withdrawn", "철회됨", "已撤回"),
 "Assessments": ("Assessments", "평가", "评估"),
 "NoAssessments": ("No assessment recorded.", "기록된 평가가 없습니다.", "尚无评估记录。"),
 "Date": ("Date", "날짜", "日期"),
 "Indication": ("Indication", "적응증", "适应证"),
 "Target": ("Target", "치료 부위", "治疗部位"),
 "Imaging": ("Imaging", "영상", "影像"),
 "Candidacy": ("Candidacy", "적합성 평가", "适应性评估"),
 "Decisions": ("Candidacy decisions", "적합성 결정", "适应性决定"),
 "NoDecisions": ("No decision recorded.", "기록된 결정이 없습니다.", "尚无决定记录。"),
 "OverrideReason": ("Override reason", "규칙과 다른 결정의 사유", "偏离规则的理由"),
 "Timeline": ("Timeline", "경과", "时间线"),
 "ConsentLanguage": ("Language of the form", "동의서 언어", "表格语言"),
 "Signer": ("Signed by", "서명자", "签署人"),
 "Signer_PATIENT": ("Patient", "환자 본인", "患者本人"),
 "Signer_LEGAL_REP": ("Legal representative", "법정대리인", "法定代理人"),
 "Witness": ("Witness", "입회인", "见证人"),
 "SelfPayCostKrw": ("Self-pay cost (KRW)", "본인부담 비용 (원)", "自费费用（韩元）"),
 "ExplainedAndAgreed": ("Explained to the patient and agreed", "환자에게 설명하고 동의받은 항목", "已向患者说明并同意"),
 "RisksExplained": ("Risks explained", "위험성 설명", "已说明风险"),
 "EvidenceLevelExplained": ("Level of evidence explained", "근거 수준 설명", "已说明证据等级"),
 "AlternativesExplained": ("Alternatives explained", "대안 설명", "已说明替代方案"),
 "PersonalDataProcessing": ("Personal data processing agreed", "개인정보 처리 동의", "同意个人信息处理"),
 "RightToWithdraw": ("Right to withdraw explained", "동의 철회권 설명", "已说明撤回权"),
 "LongTermFollowUpAck": ("Long-term follow-up acknowledged", "장기추적조사 확인", "确认长期随访"),
 "AllogeneicSourceAck": ("Allogeneic (donor) cell source acknowledged", "동종(타가) 세포 사용 확인", "确认使用异体细胞"),
 "AssessedOn": ("Assessed on", "평가일", "评估日期"),
 "SymptomMonths": ("Symptom duration (months)", "증상 기간 (개월)", "症状持续时间（月）"),
 "PainNrs": ("Pain now, NRS 0–10", "현재 통증 NRS 0–10", "当前疼痛 NRS 0–10"),
 "Hba1c": ("HbA1c (%)", "당화혈색소 (%)", "糖化血红蛋白 (%)"),
 "Contraindications": ("Contraindications and follow-up", "금기 사항과 추적관찰", "禁忌与随访"),
 "ActiveInfection": ("Active infection", "활동성 감염", "活动性感染"),
 "ImmuneDiseaseActive": ("Active immune disease", "활동성 면역 질환", "活动性免疫疾病"),
 "Immunodeficiency": ("Immunodeficiency", "면역결핍", "免疫缺陷"),
 "Malignancy": ("Active or recent malignancy", "활동성 또는 최근 악성 종양", "活动性或近期恶性肿瘤"),
 "Pregnancy": ("Pregnant or lactating", "임신 또는 수유 중", "妊娠或哺乳期"),
 "Anticoagulant": ("Anticoagulant or coagulopathy", "항응고제 복용 또는 응고장애", "抗凝治疗或凝血障碍"),
 "CannotAttendFollowUp": ("Cannot attend 24 months of follow-up", "24개월 추적관찰 불가", "无法完成 24 个月随访"),
 "PoorRehabAdherence": ("Documented poor rehabilitation adherence", "재활 순응도 불량 기록", "有康复依从性差的记录"),
 "Radiograph": ("Standing radiograph", "체중 부하 방사선 사진", "负重 X 线片"),
 "Mri": ("MRI", "MRI", "MRI"),
 "ReadOn": ("Read on", "판독일", "阅片日期"),
 "Reader": ("Reader", "판독자", "阅片者"),
 "KlGrade": ("Kellgren-Lawrence grade", "K-L 등급", "K-L 分级"),
 "BoneOnBone": ("Bone-on-bone (complete joint-space loss)", "골-골 접촉 (관절 간격 소실)", "骨对骨（关节间隙完全消失）"),
 "AvnStage": ("Avascular necrosis (ARCO)", "무혈성 괴사 (ARCO)", "无血管性坏死 (ARCO)"),
 "DiscLevel": ("Disc level", "추간판 레벨", "椎间盘节段"),
 "Pfirrmann": ("Pfirrmann grade", "Pfirrmann 등급", "Pfirrmann 分级"),
 "AisGrade": ("AIS grade", "AIS 등급", "AIS 分级"),
 "ConservativeCare": ("Conservative treatments tried", "시도한 보존적 치료", "已尝试的保守治疗"),
 "TreatmentType": ("Treatment", "치료", "治疗"),
 "Response": ("Response", "반응", "反应"),
 "LastIaInjection": ("Last intra-articular injection", "마지막 관절강내 주사일", "最近一次关节腔内注射"),
 "Notes": ("Notes", "메모", "备注"),
 "SaveAndEvaluate": ("Save and evaluate candidacy", "저장하고 적합성 평가", "保存并评估适应性"),
 "BackToPatient": ("Back to patient", "환자로 돌아가기", "返回患者"),
 "RuleResult": ("Rule result", "규칙 평가 결과", "规则结果"),
 "ResearchOnlyNotice": ("Research only: this indication is experimental. The decision can only be a referral to approved research or not to proceed.", "연구 목적에 한함: 이 적응증은 실험적 치료입니다. 승인된 연구 의뢰 또는 시행하지 않음만 결정할 수 있습니다.", "仅限研究：此适应证属于试验性治疗。只能决定转介至获批研究或不进行治疗。"),
 "DeferUntil": ("Defer until {0}.", "{0}까지 보류.", "推迟至 {0}。"),
 "EvaluatedOn": ("Evaluated on {0} with rules version {1}.", "{0}에 규칙 버전 {1}로 평가함.", "于 {0} 按规则版本 {1} 评估。"),
 "RuleTrace": ("Rules and why", "규칙과 근거", "规则及理由"),
 "Rule": ("Rule", "규칙", "规则"),
 "Result": ("Result", "결과", "结果"),
 "Why": ("Why", "근거", "理由"),
 "InputsRead": ("Inputs read", "사용한 입력값", "读取的输入"),
 "Passed": ("Passed", "통과", "通过"),
 "Source": ("Source", "출처", "来源"),
 "PhysicianDecision": ("Physician's decision", "의사 결정", "医生决定"),
 "Decision": ("Decision", "결정", "决定"),
 "OverrideReasonLabel": ("Reason (required when the decision differs from the rule result)", "사유 (규칙 결과와 다른 결정일 때 필수)", "理由（决定与规则结果不同时必填）"),
 "RecordDecision": ("Record decision", "결정 기록", "记录决定"),
 "NoDecisionYet": ("No decision yet; a physician records it.", "아직 결정이 없습니다. 의사가 기록합니다.", "尚无决定，由医生记录。"),
 "RecordQuestionnaire": ("Record questionnaire", "설문지 기록", "录入问卷"),
 "TranscribeQuestionnaire": ("Transcribe a paper questionnaire", "종이 설문지 옮겨 적기", "录入纸质问卷"),
 "Questionnaires": ("Questionnaires", "설문지", "问卷"),
 "NoQuestionnaires": ("No questionnaires recorded.", "기록된 설문지가 없습니다.", "尚未录入问卷。"),
 "Instrument": ("Instrument", "평가 도구", "量表"),
 "Visit": ("Visit", "방문", "访视"),
 "VisitCode": ("Visit code (BASE, M3, M12)", "방문 코드 (BASE, M3, M12)", "访视代码（BASE、M3、M12）"),
 "CompletedOn": ("Completed on", "작성일", "填写日期"),
 "AnswerLanguage": ("Language of the questionnaire", "설문지 언어", "问卷语言"),
 "ItemEntryHelp": ("Type the number of each ticked box: a complete answer moves on to the next item (so does Tab) and Enter saves. Leave an unanswered item empty.", "표시된 칸의 숫자를 입력하세요. 답을 입력하면 다음 문항으로 넘어가며(Tab도 같음) Enter로 저장합니다. 응답하지 않은 문항은 비워 두세요.", "输入每个勾选框的数字：答完自动跳到下一题（Tab 键亦可），Enter 键保存。未作答的题目留空。"),
 "SaveResponse": ("Save and score", "저장 및 채점", "保存并计分"),
 "ResponseSaved": ("Saved. Scores:", "저장되었습니다. 점수:", "已保存。得分："),
 "Scores": ("Scores", "점수", "得分"),
 "NotScorable": ("not scorable", "채점 불가", "无法计分"),
 "UnknownInstrument": ("Unknown instrument.", "알 수 없는 평가 도구입니다.", "未知量表。"),
 "TranscribeAnother": ("Transcribe another", "다른 설문지 옮겨 적기", "录入下一份"),
}
def codes(prefix, table):
    for k, v in table.items(): S[f"{prefix}_{k}"] = v
codes("Indication", {"KNEE_OA": ("Knee osteoarthritis", "무릎 골관절염", "膝骨关节炎"), "HIP_OA": ("Hip osteoarthritis", "고관절 골관절염", "髋骨关节炎"),
    "DISC_DEGENERATION": ("Disc degeneration", "추간판 퇴행", "椎间盘退变"), "SCI": ("Spinal cord injury", "척수 손상", "脊髓损伤")})
codes("Target", {"KNEE_L": ("Left knee", "왼쪽 무릎", "左膝"), "KNEE_R": ("Right knee", "오른쪽 무릎", "右膝"), "HIP_L": ("Left hip", "왼쪽 고관절", "左髋"),
    "HIP_R": ("Right hip", "오른쪽 고관절", "右髋"), "LUMBAR": ("Lumbar spine", "요추", "腰椎"), "CERVICAL": ("Cervical spine", "경추", "颈椎"),
    "THORACIC": ("Thoracic spine", "흉추", "胸椎"), "SCI": ("Spinal cord", "척수", "脊髓")})
codes("Result", {"ELIGIBLE": ("Eligible", "적합", "适合"), "CONDITIONAL": ("Conditional", "조건부", "有条件"), "DEFER": ("Defer", "보류", "暂缓"),
    "NOT_SUITABLE": ("Not suitable", "부적합", "不适合"), "EXCLUDED": ("Excluded", "제외", "排除")})
codes("Decision", {"PROCEED": ("Proceed", "시행", "进行"), "DO_NOT_PROCEED": ("Do not proceed", "시행하지 않음", "不进行"),
    "REFER_TO_RESEARCH": ("Refer to research", "연구로 의뢰", "转介至研究")})
codes("Event", {"consent": ("Consent signed", "동의서 서명", "签署知情同意"), "consent_withdrawn": ("Consent withdrawn", "동의 철회", "撤回知情同意"),
    "assessment": ("Assessment", "평가", "评估"), "candidacy_decision": ("Candidacy decision", "적합성 결정", "适应性决定")})
codes("Pathway", {"ROUTINE_CARE": ("Routine care", "일반 진료", "常规诊疗"), "KR_ARM_TREATMENT": ("Korea: advanced regenerative treatment", "한국: 첨단재생의료 치료", "韩国：先进再生医学治疗"),
    "KR_ARM_RESEARCH": ("Korea: advanced regenerative clinical research", "한국: 첨단재생의료 임상연구", "韩国：先进再生医学临床研究"),
    "CN_FILED_RESEARCH": ("China: filed clinical research", "중국: 등록 임상연구", "中国：备案临床研究"), "US_361": ("US: 361 HCT/P", "미국: 361 HCT/P", "美国：361 HCT/P"),
    "US_IND": ("US: IND study", "미국: IND 임상시험", "美国：IND 研究")})
codes("Care", {"NSAID": ("NSAID", "소염진통제(NSAID)", "非甾体抗炎药"), "IA_CORTICOSTEROID": ("Intra-articular steroid", "관절강내 스테로이드", "关节腔内激素"),
    "IA_HA": ("Intra-articular hyaluronic acid", "관절강내 히알루론산", "关节腔内透明质酸"), "PHYSIOTHERAPY": ("Physiotherapy", "물리치료", "物理治疗"),
    "WEIGHT_LOSS": ("Weight loss", "체중 감량", "减重"), "BRACE": ("Brace", "보조기", "支具"), "SURGERY": ("Surgery", "수술", "手术")})
codes("Response", {"NONE": ("No response", "반응 없음", "无效"), "PARTIAL_TRANSIENT": ("Partial or transient", "부분적·일시적", "部分或短暂"), "GOOD": ("Good", "양호", "良好")})

# Candidacy rule sentences: ko and zh only (English is Core's CandidacyMessages).
RULES = {
 "C1.Eligible": ("Kellgren-Lawrence 등급 {0}: 세포 치료 근거가 가장 잘 뒷받침되는 범위(등급 {1})입니다.", "Kellgren-Lawrence 分级 {0}：处于细胞治疗证据最充分的范围（{1} 级）。"),
 "C1.Doubtful": ("Kellgren-Lawrence 등급 {0}: 골관절염이 불확실합니다. 치료 전에 MRI로 연골 손상을 확인하세요.", "Kellgren-Lawrence 分级 {0}：骨关节炎存疑，治疗前请用 MRI 确认软骨损伤。"),
 "C1.EndStage": ("Kellgren-Lawrence 등급 {0}: 말기 골관절염으로 세포 치료의 효과를 기대하기 어렵습니다. 인공관절 치환술을 논의하세요.", "Kellgren-Lawrence 分级 {0}：终末期骨关节炎，细胞治疗难以获益，请讨论关节置换。"),
 "C1.NoOa": ("Kellgren-Lawrence 등급 {0}: 치료할 방사선학적 골관절염이 없습니다.", "Kellgren-Lawrence 分级 {0}：无影像学骨关节炎可治疗。"),
 "C1.BoneOnBone": ("방사선 사진상 골-골 접촉(관절 간격 완전 소실): 세포 치료에 적합하지 않습니다.", "X 线片示骨对骨（关节间隙完全消失）：不适合细胞治疗。"),
 "C1.Missing": ("이 관절의 Kellgren-Lawrence 등급이 기록되지 않았습니다. 결정 전에 체중 부하 방사선 사진을 촬영하세요.", "该关节未记录 Kellgren-Lawrence 分级，决定前请拍摄负重 X 线片。"),
 "C2.Failed": ("실패한 보존적 치료가 기록되어 있습니다: {0}.", "已记录保守治疗失败：{0}。"),
 "C2.NoneFailed": ("실패한 보존적 치료(무반응 또는 일시적 반응의 소염진통제, 관절강내 스테로이드·히알루론산, 물리치료)가 기록되어 있지 않습니다.", "未记录保守治疗失败（非甾体抗炎药、关节腔内激素或透明质酸、物理治疗无效或仅短暂有效）。"),
 "C2.ShortSymptoms": ("증상 기간 {0}개월로 세포 치료 전 기대 기간 {1}개월보다 짧습니다. 보존적 치료가 아직 도움이 될 수 있습니다.", "症状持续 {0} 个月，短于细胞治疗前应有的 {1} 个月，保守治疗可能仍然有效。"),
 "C3.Infection": ("활동성 감염(전신 또는 채취·주사 부위)은 치료 제외 사유입니다.", "活动性感染（全身或采集/注射部位）为排除治疗的理由。"),
 "C3.ImmuneDisease": ("활동성 면역 질환은 치료 제외 사유입니다.", "活动性免疫疾病为排除治疗的理由。"),
 "C3.Immunodeficiency": ("면역결핍은 치료 제외 사유입니다.", "免疫缺陷为排除治疗的理由。"),
 "C3.Malignancy": ("활동성 또는 최근 악성 종양은 치료 제외 사유입니다.", "活动性或近期恶性肿瘤为排除治疗的理由。"),
 "C3.Pregnancy": ("임신 또는 수유는 치료 제외 사유입니다.", "妊娠或哺乳为排除治疗的理由。"),
 "C3.Anticoagulant": ("항응고제 복용 또는 응고장애: 혈액내과 자문하에 채취와 주사를 계획하세요.", "抗凝治疗或凝血障碍：请在血液科建议下计划采集和注射。"),
 "C3.Hba1c": ("당화혈색소 {0}%가 {1}%를 초과합니다. 혈당 조절을 개선하거나 치료 진행 사유를 기록하세요.", "糖化血红蛋白 {0}% 高于 {1}%：请改善血糖控制或记录继续治疗的理由。"),
 "C3.Bmi": ("체질량지수 {0}가 {1} 이상입니다. 체중은 결과와 시술에 영향을 주므로 계획을 기록하세요.", "体重指数 {0} 达到或超过 {1}：体重影响疗效和操作，请记录计划。"),
 "C3.Clear": ("기록된 금기 사항이 없습니다(감염, 면역 질환, 악성 종양, 임신, 항응고, 당화혈색소, 체질량지수).", "未记录禁忌（感染、免疫疾病、恶性肿瘤、妊娠、抗凝、糖化血红蛋白、体重指数）。"),
 "C4.Advanced": ("무혈성 괴사 {0}: 진행된 단계(함몰)로 세포 치료에 적합하지 않습니다.", "无血管性坏死 {0}：晚期（塌陷），不适合细胞治疗。"),
 "C4.Clear": ("무혈성 괴사 {0}: 진행되지 않았습니다.", "无血管性坏死 {0}：非晚期。"),
 "C4.NotRecorded": ("이 고관절의 무혈성 괴사 단계가 기록되지 않았습니다.", "该髋关节未记录无血管性坏死分期。"),
 "C5.NoFollowUp": ("이 치료에 필요한 24개월 추적관찰에 참여할 수 없습니다.", "患者无法完成此治疗所需的 24 个月随访。"),
 "C5.PoorAdherence": ("치료의 일부인 재활에 대한 순응도 불량이 기록되어 있습니다.", "有康复（治疗的一部分）依从性差的记录。"),
 "C5.Clear": ("24개월 추적관찰과 재활에 참여할 수 있습니다.", "患者能完成 24 个月随访和康复。"),
 "C6.RecentInjection": ("관절강내 주사({0}) {1}, {2}일 전: {3}까지({4}일 경과 후) 기다리세요.", "关节腔内注射（{0}）于 {1}，{2} 天前：请等到 {3}（注射后 {4} 天）。"),
 "C6.Clear": ("최근 {0}일 이내 이 관절에 관절강내 주사가 없습니다.", "近 {0} 天内该关节无关节腔内注射。"),
 "C7.Suitable": ("추간판 퇴행 Pfirrmann {0}: 초기~중등도입니다.", "椎间盘退变 Pfirrmann {0}：早期至中度。"),
 "C7.Unsuitable": ("추간판 퇴행 Pfirrmann {0}: 1등급은 정상, 5등급은 붕괴된 추간판으로 모두 세포 치료에 적합하지 않습니다.", "椎间盘退变 Pfirrmann {0}：1 级为正常椎间盘，5 级为塌陷椎间盘，均不适合细胞治疗。"),
 "C7.Missing": ("어느 추간판 레벨에도 Pfirrmann 등급이 기록되지 않았습니다. 결정 전에 T2 강조 MRI를 촬영하세요.", "未记录任何椎间盘节段的 Pfirrmann 分级，决定前请行 T2 加权 MRI。"),
 "C8.ResearchOnly": ("{0}: 세포 치료는 실험적이며 승인된 연구 안에서만 제공할 수 있습니다.", "{0}：细胞治疗属于试验性，只能在获批研究中提供。"),
 "C8.SciGrade": ("척수 손상 AIS 등급 {0}; 연구 등록에는 불완전 손상이 선호됩니다.", "脊髓损伤 AIS 分级 {0}；研究入组优先不完全损伤。"),
 "C9.Ok": ("동종 제품: 공여자 적격이며 동의서에 동종 세포 사용이 확인되어 있습니다.", "异体产品：供者合格，且知情同意已确认使用异体细胞。"),
 "C9.Donor": ("동종 제품: 공여자 적격성이 ELIGIBLE이 아닌 {0}입니다. 이 제품은 제외됩니다.", "异体产品：供者资格为 {0}，而非 ELIGIBLE。此产品被排除。"),
 "C9.Consent": ("동종 제품: 동종 세포 사용을 확인한 유효한 동의서가 없습니다. 이 제품은 제외됩니다.", "异体产品：没有确认使用异体细胞的有效知情同意。此产品被排除。"),
}

# Each slice may keep its own table in tools/ui/<slice>.py (a dict S of key -> (en, ko, zh), with the same codes()
# helper); they are merged here and a key defined twice is an error.
import glob, runpy
for extra in sorted(glob.glob(os.path.join(os.path.dirname(os.path.abspath(__file__)), "ui", "*.py"))):
    table = {}
    def slice_codes(prefix, t, table=table):
        for k, v in t.items(): table[f"{prefix}_{k}"] = v
    ns = runpy.run_path(extra, init_globals={"codes": slice_codes, "S": table})
    for k, v in ns["S"].items():
        if k in S and S[k] is not v: raise SystemExit(f"{extra}: key {k} is already defined")
        if len(v) != 3: raise SystemExit(f"{extra}: key {k} needs (en, ko, zh)")
        S[k] = v

HEAD = '''<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
'''
def write(path, pairs):
    with open(path, "w", encoding="utf-8") as f:
        f.write(HEAD)
        for k, v in pairs:
            f.write(f'  <data name="{escape(k)}" xml:space="preserve"><value>{escape(v)}</value></data>\n')
        f.write("</root>\n")

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "..", "src", "OrthoRegen.Web", "Resources")
keys = sorted(S)
write(os.path.join(out, "Ui.resx"), [(k, S[k][0]) for k in keys])
write(os.path.join(out, "Ui.ko.resx"), [(k, S[k][1]) for k in keys] + [(k, RULES[k][0]) for k in sorted(RULES)])
write(os.path.join(out, "Ui.zh-CN.resx"), [(k, S[k][2]) for k in keys] + [(k, RULES[k][1]) for k in sorted(RULES)])
print(f"{len(keys)} UI strings, {len(RULES)} rule sentences")
