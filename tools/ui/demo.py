# Demo cohort (issue 8 "Demo cohort"): the admin button on an empty database. Keys start with "Demo".
S["DemoTitle"] = ("Demo data", "데모 데이터", "演示数据")
S["DemoEmptyIntro"] = ("The database is empty. You can fill it with a synthetic demo cohort of 200 patients (named DEMO, record numbers DEMO-nnnnnnn) to see the pathway, follow-up and analytics working. These are not real patients.",
                       "데이터베이스가 비어 있습니다. 경로, 추적관찰, 분석이 동작하는 모습을 보려면 200명의 합성 데모 코호트(이름 DEMO, 기록 번호 DEMO-nnnnnnn)로 채울 수 있습니다. 실제 환자가 아닙니다.",
                       "数据库为空。您可以用 200 名合成演示患者（姓名 DEMO，病历号 DEMO-nnnnnnn）填充，以查看流程、随访和分析的运行情况。这些不是真实患者。")
S["DemoGenerate"] = ("Generate synthetic demo cohort", "합성 데모 코호트 생성", "生成合成演示队列")
S["DemoSeed"] = ("Seed", "시드", "随机种子")
S["DemoGenerated"] = ("Synthetic demo cohort generated: {0} patients. All of them are fictitious.", "합성 데모 코호트가 생성되었습니다: 환자 {0}명. 모두 가상의 환자입니다.", "已生成合成演示队列：{0} 名患者。全部为虚构患者。")
S["DemoBanner"] = ("This database contains a synthetic demo cohort (seed {0}, {1} patients). Patients named DEMO are not real.",
                   "이 데이터베이스에는 합성 데모 코호트(시드 {0}, 환자 {1}명)가 있습니다. 이름이 DEMO인 환자는 실제 환자가 아닙니다.",
                   "此数据库包含合成演示队列（种子 {0}，{1} 名患者）。姓名为 DEMO 的患者并非真实患者。")
