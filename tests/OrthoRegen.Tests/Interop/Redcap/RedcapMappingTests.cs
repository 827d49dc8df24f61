using OrthoRegen.Interop.Redcap;

namespace OrthoRegen.Tests.Interop.Redcap;

/// <summary>The mapping file of the REDCap import: longitudinal events, treated target, follow-up, assessment, item shifts.</summary>
public class RedcapMappingTests
{
    const string Patient = """
        patient:
          event: baseline_arm_1
          family_name: last_name
          given_name: first_name
          birth_date: dob
          sex: {field: sex, codes: {"1": F, "2": M}}
          language: {value: ko}

        """;

    const string Longitudinal = """
        record_id: record_id
        site: MAIN
        project: knee
        events: {baseline_arm_1: BASE, month_3_arm_1: M3, month_12_arm_1: M12}
        target: {field: index_knee, codes: {"1": KNEE_L, "2": KNEE_R}}

        """ + Patient + """
        follow_up:
          day0: inj_date
          treating_physician: {value: dr.kang}
          visit_date: visit_date
        assessment:
          indication: {value: KNEE_OA}
          assessed_on: assess_date
          symptom_duration_months: sympt_months
          kl_grade: kl_grade
          xray_reader: {value: dr.park}
          active_infection: excl_infection
        instruments:
          - instrument: WOMAC
            events: [baseline_arm_1, month_12_arm_1]
            completed_on: womac_date
            language: {value: ko}
            mode: {value: PAPER_TRANSCRIPTION}
            items:
              P1: {field: womac_p1, add: -1}
              P2: womac_p2
          - instrument: PAIN_VAS
            events: {month_3_arm_1: M3}
            completed_on: vas_date
            target: {value: KNEE_L}
            language: {value: ko}
            mode: {value: PAPER_TRANSCRIPTION}
            items:
              vas_mm: vas_mm
        """;

    static RedcapMapping Parse(string yaml) => RedcapMapping.Parse(yaml, out var problems) ?? throw new Xunit.Sdk.XunitException(string.Join("; ", problems));

    [Fact]
    public void Parse_Longitudinal_ReadsEventsTargetFollowUpAssessmentAndShifts()
    {
        var m = Parse(Longitudinal);

        Assert.Equal("knee", m.Project);
        Assert.Equal(new Dictionary<string, string> { ["baseline_arm_1"] = "BASE", ["month_3_arm_1"] = "M3", ["month_12_arm_1"] = "M12" }, m.Events);
        Assert.Equal(("index_knee", "KNEE_R"), (m.Target!.Field, m.Target.Codes!["2"]));
        Assert.Equal(("inj_date", "dr.kang", "visit_date"), (m.FollowUp!.Day0.Field, m.FollowUp.TreatingPhysician.Value, m.FollowUp.VisitDate!.Field));
        Assert.Equal(["indication", "assessed_on", "symptom_duration_months", "kl_grade", "xray_reader", "active_infection"], m.Assessment!.Fields.Keys);
        var womac = m.Instruments[0];
        Assert.Equal(new Dictionary<string, string> { ["baseline_arm_1"] = "BASE", ["month_12_arm_1"] = "M12" }, womac.Events); // list → top-level codes
        Assert.Same(m.Target, womac.Target); // the treated target unless the instrument names its own
        Assert.Equal(-1m, womac.Items["P1"].Add);
        Assert.Null(womac.Items["P2"].Add);
        Assert.Equal("KNEE_L", m.Instruments[1].Target.Value);
        Assert.Equal(["baseline_arm_1", "month_3_arm_1", "month_12_arm_1"], m.AllEvents().Keys);
    }

    [Theory]
    [InlineData("5", -1, "4")] // a 1–5 project answer to a 0–4 item
    [InlineData("1", -1, "0")]
    [InlineData("0", 1, "1")] // a 0–4 project answer to a 1–5 item
    [InlineData("2.5", -0.5, "2.0")] // decimals keep their scale
    public void Shift_Number_AddsTheOffset(string value, double add, string expected) =>
        Assert.Equal((expected, (string?)null), new FieldSource("f", null, null, (decimal)add).Shift(value));

    [Fact]
    public void Shift_NotANumber_IsAMisfitNamingTheOffset()
    {
        var (value, misfit) = new FieldSource("f", null, null, -1m).Shift("n/a");
        Assert.Null(value);
        Assert.Contains("add: -1", misfit);
        Assert.Equal(("n/a", (string?)null), new FieldSource("f", null, null).Shift("n/a")); // no offset: unchanged
    }

    [Theory]
    [InlineData("P1: {field: womac_p1, add: -1}", "P1: {field: womac_p1, add: 0}", "instruments[0].items.P1.add: must be a non-zero number")] // no-op offset
    [InlineData("P1: {field: womac_p1, add: -1}", "P1: {field: womac_p1, add: one}", "instruments[0].items.P1.add: must be a non-zero number")] // not a number
    [InlineData("P1: {field: womac_p1, add: -1}", "P1: {value: '2', add: -1}", "instruments[0].items.P1.add: only with field")] // a constant is not shifted
    [InlineData("events: [baseline_arm_1, month_12_arm_1]", "events: [baseline_arm_1, month_9_arm_1]", "instruments[0].events[1]: 'month_9_arm_1' is not one of the top-level events")] // unknown event
    [InlineData("events: {month_3_arm_1: M3}", "events: {month_3_arm_1: M6}", "instruments[1].events.month_3_arm_1: does not match the top-level events (listed as M3)")] // contradicting visit
    [InlineData("month_12_arm_1: M12}", "month_12_arm_1: m12}", "events.month_12_arm_1: 'm12' is not a visit code")] // visit code shape
    [InlineData("target: {field: index_knee, codes: {\"1\": KNEE_L, \"2\": KNEE_R}}\n", "", "target: required with follow_up")] // schedule needs a target
    [InlineData("  symptom_duration_months: sympt_months\n", "", "assessment.symptom_duration_months: required")] // required assessment field
    [InlineData("  xray_reader: {value: dr.park}\n", "", "assessment.xray_reader: required with kl_grade")] // a read needs its reader
    [InlineData("  visit_date: visit_date\n", "  visit_date: visit_date\n  visit_time: t\n", "follow_up.visit_time: unknown key")] // strict keys
    [InlineData("  active_infection: excl_infection\n", "  active_infection: excl_infection\n  smoker: s\n", "assessment.smoker: unknown key")] // strict keys
    [InlineData("    target: {value: KNEE_L}\n", "    target: [KNEE_L]\n", "instruments[1].target: must be a REDCap field name")] // wrong shape
    public void Parse_Malformed_NamesThePath(string replace, string with, string expected)
    {
        Assert.Contains(replace, Longitudinal);
        Assert.Null(RedcapMapping.Parse(Longitudinal.Replace(replace, with), out var problems));
        Assert.Contains(problems, p => p.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_EventListWithoutTopLevelEvents_SaysWhereTheCodesComeFrom()
    {
        var yaml = "record_id: record_id\n" + Patient + "instruments:\n  - instrument: PAIN_NRS\n    events: [baseline_arm_1]\n    completed_on: d\n    target: {value: KNEE_R}\n    language: {value: ko}\n    mode: {value: PAPER_TRANSCRIPTION}\n    items:\n      nrs: n\n";
        Assert.Null(RedcapMapping.Parse(yaml, out var problems));
        Assert.Contains("instruments[0].events: a list of event names needs the top-level events (event → visit code)", problems);
    }

    [Fact]
    public void Parse_ClassicProjectWithoutEvents_StillReadsPerInstrumentEvents()
    {
        var m = Parse("record_id: record_id\n" + Patient.Replace("  event: baseline_arm_1\n", "") +
            "instruments:\n  - instrument: PAIN_NRS\n    events: {'': BASE}\n    completed_on: d\n    target: {value: KNEE_R}\n    language: {value: ko}\n    mode: {value: PAPER_TRANSCRIPTION}\n    items:\n      nrs: n\n");
        Assert.Null(m.Events);
        Assert.Null(m.FollowUp);
        Assert.Equal("BASE", m.AllEvents()[""]);
    }
}
