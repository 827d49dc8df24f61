# Research slice: the pseudonymised analysis dataset export. Keys start with Rs.
S["RsNav"] = ("Research dataset", "연구 데이터셋", "研究数据集")
S["RsDatasetTitle"] = ("Research dataset export", "연구 데이터셋 내보내기", "研究数据集导出")
S["RsDatasetIntro"] = (
    "Download the analysis dataset of the patients at your sites as a zip: the data as CSV, a data dictionary, and optionally an R script or SPSS syntax that sets labels and factor levels.",
    "담당 기관 환자의 분석용 데이터셋을 zip으로 내려받습니다: CSV 데이터, 데이터 사전, 그리고 선택에 따라 레이블과 요인 수준을 지정하는 R 스크립트 또는 SPSS 구문.",
    "以 zip 格式下载您所在机构患者的分析数据集：CSV 数据、数据字典，以及可选的设置标签和因子水平的 R 脚本或 SPSS 语法。")
S["RsShape"] = ("Shape", "형태", "结构")
S["RsShapeLong"] = ("Long: one row per patient, visit and instrument", "Long: 환자·방문·도구마다 한 행", "长格式：每位患者、每次随访、每个量表一行")
S["RsShapeWide"] = ("Wide: one row per patient, scores at each visit as columns", "Wide: 환자마다 한 행, 방문별 점수는 열로", "宽格式：每位患者一行，各次随访的评分为列")
S["RsFormat"] = ("Format", "형식", "格式")
S["RsFormatCsv"] = ("CSV and data dictionary", "CSV와 데이터 사전", "CSV 和数据字典")
S["RsFormatR"] = ("R-ready (adds dataset.R)", "R용 (dataset.R 포함)", "适用于 R（附 dataset.R）")
S["RsFormatSpss"] = ("SPSS-ready (adds dataset.sps)", "SPSS용 (dataset.sps 포함)", "适用于 SPSS（附 dataset.sps）")
S["RsDownload"] = ("Download zip", "zip 내려받기", "下载 zip")
S["RsPrivacyNote"] = (
    "The dataset holds no names, contact details, record or national numbers and no dates: patients appear by pseudonym code and site, age at baseline replaces the birth date, and every date is given as days from Day 0. Each export is recorded in the audit trail.",
    "데이터셋에는 이름, 연락처, 등록번호·주민등록번호, 날짜가 없습니다: 환자는 가명 코드와 기관으로만 표시되고, 생년월일 대신 기저 시점 나이가, 모든 날짜 대신 Day 0 이후 일수가 들어갑니다. 모든 내보내기는 감사 기록에 남습니다.",
    "数据集不含姓名、联系方式、病历号或身份证号，也不含日期：患者仅以假名代码和机构表示，以基线年龄代替出生日期，所有日期均以距第 0 天的天数表示。每次导出都会记录在审计日志中。")
