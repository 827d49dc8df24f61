# Cell lab UI strings (en, ko, zh). Merged by tools/ui-strings.py.
S["LabNav"] = ("Cell lab", "세포 처리실", "细胞实验室")
S["LabWorklist"] = ("Cell lab worklist", "세포 처리실 작업 목록", "细胞实验室工作列表")
S["LabNewDonor"] = ("Register donor", "공여자 등록", "登记供者")
S["LabNewCollection"] = ("Record harvest", "채취 기록", "记录采集")
S["LabNewLot"] = ("Create product lot", "제품 로트 생성", "创建产品批次")
S["LabNewLotFromCollection"] = ("Create a lot from this harvest", "이 채취로 로트 생성", "用此次采集创建批次")
S["LabAwaitingRelease"] = ("Awaiting release decision", "출하 결정 대기", "等待放行决定")
S["LabPendingQc"] = ("QC pending or incomplete", "품질검사 대기 또는 미완료", "质检待定或未完成")
S["LabAllLots"] = ("All recent lots", "최근 로트 전체", "全部近期批次")
S["LabDonorsPending"] = ("Donors with eligibility pending", "적격성 판정 대기 공여자", "资格待定的供者")
S["LabNone"] = ("None.", "없음.", "无。")
S["LabLotNumber"] = ("Lot number", "로트 번호", "批号")
S["LabLot"] = ("Lot", "로트", "批次")
S["LabProductType"] = ("Product type", "제품 유형", "产品类型")
S["LabProductCode"] = ("Product code", "제품 코드", "产品代码")
S["LabRuleResult"] = ("Rule result", "규칙 판정", "规则结果")
S["LabDecision"] = ("Release decision", "출하 결정", "放行决定")
S["LabNoDecision"] = ("not decided", "미결정", "未决定")
S["LabDecisionHistory"] = ("Decision history", "결정 이력", "决定历史")
S["LabRecordDecision"] = ("Record release decision", "출하 결정 기록", "记录放行决定")
S["LabPendingTests"] = ("Pending tests", "대기 중인 검사", "待定检测")
S["LabExpires"] = ("Expiry", "유효기한", "有效期")
S["LabDonor"] = ("Donor", "공여자", "供者")
S["LabDonorType"] = ("Donor type", "공여자 유형", "供者类型")
S["LabDonorConsentRef"] = ("Donor consent reference", "공여자 동의서 번호", "供者知情同意编号")
S["LabDonorPrivacy"] = ("The donor's identity stays with the donor programme; only a donor code is kept here.", "공여자의 신원 정보는 공여 프로그램에서 관리하며 여기에는 공여자 코드만 저장합니다.", "供者身份由捐献项目保管，此处只保存供者编码。")
S["LabDonorIdOrCode"] = ("Donor id or donor code (allogeneic)", "공여자 ID 또는 공여자 코드(동종)", "供者 ID 或供者编码（异体）")
S["LabEligibility"] = ("Eligibility", "적격성", "资格")
S["LabRequiredMarkers"] = ("Required markers", "필수 검사 항목", "必检标志物")
S["LabScreening"] = ("Infectious-marker screening", "감염성 표지자 선별검사", "传染病标志物筛查")
S["LabMarker"] = ("Marker", "표지자", "标志物")
S["LabMethod"] = ("Method", "검사 방법", "方法")
S["LabResult"] = ("Result", "결과", "结果")
S["LabTestedOn"] = ("Tested on", "검사일", "检测日期")
S["LabRecordScreening"] = ("Record screening result", "선별검사 결과 기록", "记录筛查结果")
S["LabTrace"] = ("Traceability: donor to recipients", "추적성: 공여자에서 수혜자까지", "可追溯性：从供者到受者")
S["LabDivision"] = ("Division", "분할", "分装")
S["LabDivisions"] = ("Divisions", "분할", "分装")
S["LabRecipient"] = ("Recipient", "수혜자", "受者")
S["LabOrigin"] = ("Origin", "유래", "来源")
S["LabPatientIdOrCode"] = ("Patient id or pseudonym code (autologous)", "환자 ID 또는 가명 코드(자가)", "患者 ID 或化名编码（自体）")
S["LabRecipientIdOrCode"] = ("Recipient: patient id or pseudonym code", "수혜자: 환자 ID 또는 가명 코드", "受者：患者 ID 或化名编码")
S["LabTissue"] = ("Tissue", "조직", "组织")
S["LabCollectedAt"] = ("Collected at (UTC)", "채취 일시(UTC)", "采集时间（UTC）")
S["LabVolumeMl"] = ("Volume (mL)", "부피(mL)", "体积（mL）")
S["LabCollector"] = ("Collected by", "채취자", "采集者")
S["LabRecordCollection"] = ("Record harvest and assign DIN", "채취 기록 및 DIN 부여", "记录采集并分配 DIN")
S["LabCollectionSaved"] = ("Harvest recorded. Donation identification number:", "채취가 기록되었습니다. 기증 식별 번호:", "采集已记录。捐献识别号：")
S["LabCellSource"] = ("Cell source", "세포 공급원", "细胞来源")
S["LabManipulation"] = ("Manipulation", "조작 수준", "操作程度")
S["LabCollectionIds"] = ("Collection ids (separated by commas)", "채취 ID(쉼표로 구분)", "采集 ID（用逗号分隔）")
S["LabIntendedRoute"] = ("Intended route", "투여 경로", "拟给药途径")
S["LabDoseVolumeMl"] = ("Dose volume (mL)", "1회 투여 부피(mL)", "单剂体积（mL）")
S["LabPlanId"] = ("Treatment plan", "치료 계획", "治疗计划")
S["LabTreatingPhysician"] = ("Treating physician (username)", "담당 의사(아이디)", "主治医生（用户名）")
S["LabCreateLot"] = ("Create lot", "로트 생성", "创建批次")
S["LabLabel"] = ("Label", "라벨", "标签")
S["LabPrintLabel"] = ("Printable label", "라벨 인쇄", "打印标签")
S["LabLabelNote"] = ("Labels carry the DIN with its check character, the product code, the pseudonym code and the expiry; never a name, national ID or record number.", "라벨에는 검증 문자가 포함된 DIN, 제품 코드, 가명 코드, 유효기한만 표시하며 이름, 주민등록번호, 등록번호는 절대 표시하지 않습니다.", "标签只显示带校验字符的 DIN、产品代码、化名编码和有效期，绝不显示姓名、身份证号或病历号。")
S["LabNotice"] = ("Notice:", "알림:", "通知：")
S["LabNotices"] = ("Cell lab notices", "세포 처리실 알림", "细胞实验室通知")
S["LabDeviation"] = ("Deviation:", "일탈:", "偏差：")
S["LabRelease"] = ("Lot release (rules Q1–Q10)", "로트 출하 승인(규칙 Q1–Q10)", "批次放行（规则 Q1–Q10）")
S["LabSpec"] = ("Specification", "기준", "标准")
S["LabSpecVersion"] = ("Release specifications version {0}", "출하 기준 버전 {0}", "放行标准版本 {0}")
S["LabAckPending"] = ("physician acknowledgement pending", "의사 확인 대기", "等待医生确认")
S["LabAckBy"] = ("acknowledged by {0}", "{0} 확인", "由 {0} 确认")
S["LabAckExplain"] = ("Conditional release: the sterility result is still pending. The product may be given only after you acknowledge this.", "조건부 출하: 무균시험 결과가 아직 나오지 않았습니다. 귀하가 이를 확인한 후에만 투여할 수 있습니다.", "有条件放行：无菌检查结果尚未出来。只有在您确认后才能给药。")
S["LabAckConfirm"] = ("I acknowledge that the sterility test is pending and accept administration before its result.", "무균시험이 진행 중임을 확인하며 결과 전 투여를 승인합니다.", "我确认无菌检查尚在进行中，并同意在结果出来前给药。")
S["LabAcknowledge"] = ("Record acknowledgement", "확인 기록", "记录确认")
S["LabNote"] = ("Note", "메모", "备注")
S["LabReason"] = ("Reason", "사유", "理由")
S["LabQc"] = ("Quality control results", "품질검사 결과", "质检结果")
S["LabTest"] = ("Test", "검사", "检测")
S["LabValue"] = ("Value", "값", "数值")
S["LabUnit"] = ("Unit", "단위", "单位")
S["LabSampledAt"] = ("Sampled at (UTC)", "검체 채취 일시(UTC)", "取样时间（UTC）")
S["LabResultedAt"] = ("Resulted at (UTC)", "결과 일시(UTC)", "出结果时间（UTC）")
S["LabAnalyst"] = ("Analyst", "분석자", "检验员")
S["LabRecordQc"] = ("Record QC result", "품질검사 결과 기록", "记录质检结果")
S["LabUpdateQc"] = ("New version of a QC result", "품질검사 결과 새 버전", "质检结果新版本")
S["LabProcessing"] = ("Processing", "처리 공정", "制备过程")
S["LabStep"] = ("Step", "단계", "步骤")
S["LabPerformedAt"] = ("Performed at (UTC)", "수행 일시(UTC)", "操作时间（UTC）")
S["LabPerformedBy"] = ("Performed by", "수행자", "操作者")
S["LabDetails"] = ("Details", "세부 사항", "详情")
S["LabPassage"] = ("Passage", "계대", "代次")
S["LabCultureDays"] = ("Culture days", "배양 일수", "培养天数")
S["LabTnc"] = ("Total nucleated cells (×10^6)", "총 유핵세포 수(×10^6)", "总有核细胞数（×10^6）")
S["LabRecordStep"] = ("Record processing step", "처리 단계 기록", "记录制备步骤")
S["LabViableCells"] = ("Viable cells (×10^6)", "생존 세포 수(×10^6)", "活细胞数（×10^6）")
S["LabAddDivision"] = ("Add division", "분할 추가", "添加分装")
S["LabAllocate"] = ("Allocate division to a recipient", "분할을 수혜자에게 배정", "将分装分配给受者")
S["LabCustody"] = ("Chain of custody", "관리 연속성", "监管链")
S["LabItem"] = ("Item", "품목", "物品")
S["LabEvent"] = ("Event", "이벤트", "事件")
S["LabFrom"] = ("From", "인계자", "交出方")
S["LabTo"] = ("To", "인수자", "接收方")
S["LabLocation"] = ("Location", "장소", "地点")
S["LabAt"] = ("Time (UTC)", "일시(UTC)", "时间（UTC）")
S["LabTemp"] = ("Temperature (°C)", "온도(°C)", "温度（°C）")
S["LabTempLogger"] = ("Temperature logger id", "온도 기록계 ID", "温度记录仪 ID")
S["LabConditionOk"] = ("Condition acceptable", "상태 양호", "状态合格")
S["LabVerifier1"] = ("Verifier 1", "확인자 1", "核对人 1")
S["LabVerifier2"] = ("Verifier 2", "확인자 2", "核对人 2")
S["LabVerifiers"] = ("Verifiers", "확인자", "核对人")
S["LabRecordCustody"] = ("Record custody event", "관리 이벤트 기록", "记录监管事件")
S["LabChainBreak"] = ("chain break: unrecorded holder", "연속성 단절: 기록되지 않은 보관자", "监管链中断：存在未记录的持有人")

codes("LabItem", {
    "LOT": ("Lot", "로트", "批次"),
    "COLLECTION": ("Collection", "채취물", "采集物"),
    "DIVISION": ("Division", "분할", "分装"),
})
codes("LabStatus", {
    "RELEASED": ("Released", "출하 승인", "已放行"),
    "CONDITIONAL_RELEASE": ("Conditional release", "조건부 출하", "有条件放行"),
    "REJECTED": ("Rejected", "부적합", "拒绝放行"),
    "QUARANTINE": ("Quarantine", "격리", "隔离"),
    "PENDING": ("Pending", "대기", "待定"),
    "PASS": ("Pass", "적합", "合格"),
    "FAIL": ("Fail", "부적합", "不合格"),
    "INFO": ("Information", "정보", "信息"),
})
codes("LabDonorType", {
    "RELATED": ("Related", "혈연", "亲属"),
    "UNRELATED": ("Unrelated", "비혈연", "非亲属"),
    "BIRTH_TISSUE": ("Birth tissue", "출산 조직", "分娩组织"),
})
codes("LabEligibility", {
    "ELIGIBLE": ("Eligible", "적격", "合格"),
    "INELIGIBLE": ("Ineligible", "부적격", "不合格"),
    "PENDING": ("Pending", "판정 대기", "待定"),
})
codes("LabScreen", {
    "NEG": ("Negative", "음성", "阴性"),
    "POS": ("Positive", "양성", "阳性"),
    "INDETERMINATE": ("Indeterminate", "판정 불가", "不确定"),
})
codes("LabMarker", {
    "HIV_1_2": ("HIV-1/2", "HIV-1/2", "HIV-1/2"),
    "HBV": ("Hepatitis B (HBV)", "B형 간염(HBV)", "乙型肝炎（HBV）"),
    "HCV": ("Hepatitis C (HCV)", "C형 간염(HCV)", "丙型肝炎（HCV）"),
    "SYPHILIS": ("Syphilis", "매독", "梅毒"),
    "HTLV_I_II": ("HTLV-I/II", "HTLV-I/II", "HTLV-I/II"),
    "CMV": ("Cytomegalovirus (CMV)", "거대세포바이러스(CMV)", "巨细胞病毒（CMV）"),
    "WNV": ("West Nile virus", "웨스트나일 바이러스", "西尼罗病毒"),
    "ZIKV": ("Zika virus", "지카 바이러스", "寨卡病毒"),
    "TC": ("Trypanosoma cruzi", "트리파노소마 크루지", "克氏锥虫"),
})
codes("LabOrigin", {
    "AUTOLOGOUS": ("Autologous", "자가", "自体"),
    "ALLOGENEIC": ("Allogeneic", "동종(타가)", "异体（同种异体）"),
})
codes("LabManipulation", {
    "MINIMAL": ("Minimal manipulation", "최소 조작", "最低限度操作"),
    "MORE_THAN_MINIMAL": ("More than minimal manipulation", "최소 조작 초과", "超过最低限度操作"),
})
codes("LabTissue", {
    "BONE_MARROW_ASPIRATE": ("Bone marrow aspirate", "골수 흡인물", "骨髓抽吸物"),
    "LIPOASPIRATE": ("Lipoaspirate", "지방 흡인물", "脂肪抽吸物"),
    "UMBILICAL_CORD": ("Umbilical cord", "제대", "脐带"),
    "CORD_BLOOD": ("Cord blood", "제대혈", "脐带血"),
})
codes("LabRoute", {
    "INTRA_ARTICULAR": ("Intra-articular", "관절강내", "关节腔内"),
    "SUBCHONDRAL_INTRAOSSEOUS": ("Subchondral / intraosseous", "연골하 / 골내", "软骨下 / 骨内"),
    "INTRADISCAL": ("Intradiscal", "추간판내", "椎间盘内"),
    "INTRATHECAL": ("Intrathecal", "척수강내", "鞘内"),
    "INTRALESIONAL": ("Intralesional", "병변내", "病灶内"),
    "INTRAVENOUS": ("Intravenous", "정맥내", "静脉"),
})
codes("LabStep", {
    "CONCENTRATION": ("Concentration", "농축", "浓缩"),
    "ISOLATION": ("Isolation", "분리", "分离"),
    "EXPANSION": ("Culture expansion", "배양 증식", "培养扩增"),
    "PASSAGE": ("Passage", "계대 배양", "传代"),
    "HARVEST_CELLS": ("Cell harvest", "세포 수확", "细胞收获"),
    "WASH": ("Wash", "세척", "洗涤"),
    "CRYOPRESERVATION": ("Cryopreservation", "동결 보존", "冷冻保存"),
    "THAW": ("Thaw", "해동", "复苏"),
    "FORMULATION": ("Formulation", "제형화", "制剂配制"),
})
codes("LabEvent", {
    "COLLECTED": ("Collected", "채취", "采集"),
    "LABELED": ("Labelled", "라벨 부착", "贴标签"),
    "SHIPPED": ("Shipped", "발송", "发运"),
    "RECEIVED": ("Received", "수령", "接收"),
    "PROCESSED": ("Processed", "처리", "制备"),
    "CRYOPRESERVED": ("Cryopreserved", "동결 보존", "冷冻保存"),
    "THAWED": ("Thawed", "해동", "复苏"),
    "RELEASED": ("Released", "출하", "放行"),
    "ISSUED": ("Issued", "불출", "发放"),
    "ADMINISTERED": ("Administered", "투여", "给药"),
    "DISCARDED": ("Discarded", "폐기", "销毁"),
    "RETURNED": ("Returned", "반납", "退回"),
})
