using OrthoRegen.Assessment;
using OrthoRegen.FollowUp;

namespace OrthoRegen.Tests.FollowUp;

public class VisitRecordValidationTests
{
    static readonly DateOnly Day0 = new(2026, 1, 10);
    static readonly DateOnly Today = new(2026, 6, 15);
    const string KoosResponse = "0123456789abcdef0123456789abcdef";

    static VisitRecordContext Ctx(bool recorded = false, DateOnly? ended = null, string target = "KNEE_R") =>
        new(Day0, target, Today, ended, recorded, new Dictionary<string, string> { [KoosResponse] = "KOOS" }, ["KOOS", "WOMAC", "PAIN_NRS"]);

    static RecordVisit Visit(ExamFindingsInput? exam = null) => new() { Version = 1, ActualDate = "2026-04-10", Exam = exam };

    static IReadOnlyDictionary<string, string[]> Errors(RecordVisit r, VisitRecordContext? ctx = null) =>
        VisitRecordValidation.Validate(r, ctx ?? Ctx()).Errors.ToDictionary();

    [Fact]
    public void Validate_FullRecord_IsValidAndKeepsEverything()
    {
        var r = Visit(new ExamFindingsInput
        {
            FlexionDeg = 115, ExtensionDeg = -5, ChairStand30sCount = 11, FastWalk40mSeconds = 31.5, StairClimbSeconds = 14.2,
            StairClimbSteps = 12, TimedUpAndGoSeconds = 9.8, SixMinuteWalkMetres = 410,
        }) with
        {
            Contact = "VISIT",
            Instruments = [new CompletedInstrument { ResponseId = KoosResponse }, new CompletedInstrument { Instrument = "eq5d" }],
            Imaging = [new ImagingReadInput { Modality = "XRAY", ReadOn = "2026-04-10", Reader = "Dr Park", KlGrade = 3 }],
            Biomarkers = [new BiomarkerInput { Analyte = "IL1B", Specimen = "SYNOVIAL_FLUID", Value = 12.5, Assay = "ELISA", Lloq = 3.9, SampledOn = "2026-04-10" }],
            NewTreatments = [new NewTreatmentInput { Category = "ANALGESIC", Agent = "celecoxib 200 mg", StartedOn = "2026-03-01" }],
        };
        var (actual, findings, _, errors) = VisitRecordValidation.Validate(r, Ctx());
        Assert.True(errors.IsEmpty, string.Join("; ", errors.ToDictionary().Select(kv => kv.Key + ": " + string.Join(" ", kv.Value))));
        Assert.Equal(new DateOnly(2026, 4, 10), actual);
        Assert.Equal([new InstrumentLink("KOOS", KoosResponse), new InstrumentLink("EQ5D", null)], findings!.Instruments);
        Assert.Equal((12, 14.2), (findings.Exam!.StairClimbSteps, findings.Exam.StairClimbSeconds));
        Assert.Equal(3, findings.Imaging.Single().KlGrade);
        Assert.Equal(("IL1B", 12.5, 3.9), (findings.Biomarkers.Single().Analyte, findings.Biomarkers.Single().Value, findings.Biomarkers.Single().Lloq));
        Assert.Null(findings.NewTreatments.Single().Target);
    }

    [Theory]
    [InlineData("flexionDeg", 161.0)]
    [InlineData("extensionDeg", -31.0)]
    [InlineData("chairStand30sCount", 61.0)]
    [InlineData("fastWalk40mSeconds", 9.0)]     // faster than a sprint over 40 m
    [InlineData("timedUpAndGoSeconds", 2.0)]
    [InlineData("sixMinuteWalkMetres", 1200.0)]
    public void Validate_ExamOutOfPlausibleRange_NamesTheField(string field, double value)
    {
        var exam = field switch
        {
            "flexionDeg" => new ExamFindingsInput { FlexionDeg = value },
            "extensionDeg" => new ExamFindingsInput { ExtensionDeg = value },
            "chairStand30sCount" => new ExamFindingsInput { ChairStand30sCount = (int)value },
            "fastWalk40mSeconds" => new ExamFindingsInput { FastWalk40mSeconds = value },
            "timedUpAndGoSeconds" => new ExamFindingsInput { TimedUpAndGoSeconds = value },
            _ => new ExamFindingsInput { SixMinuteWalkMetres = value },
        };
        var errors = Errors(Visit(exam));
        var label = VisitRecordValidation.ExamRanges.Single(r => r.Field == field).Label;
        Assert.Equal(["exam." + field], errors.Keys);
        Assert.StartsWith(label + ": must be between", errors["exam." + field].Single());
    }

    [Theory]
    [InlineData(0.0, true)]     // no stands possible is a valid finding
    [InlineData(60.0, true)]
    [InlineData(160.0, false)]  // flexion upper bound, checked below
    public void Validate_ExamEdges_AreInclusive(double value, bool chairStand)
    {
        var exam = chairStand ? new ExamFindingsInput { ChairStand30sCount = (int)value } : new ExamFindingsInput { FlexionDeg = value };
        Assert.Empty(Errors(Visit(exam)));
    }

    [Fact]
    public void Validate_StairClimbWithoutSteps_NamesSteps()
    {
        Assert.Equal([FollowUpMessages.StairStepsRequired], Errors(Visit(new ExamFindingsInput { StairClimbSeconds = 12 }))["exam.stairClimbSteps"]);
        Assert.Equal([FollowUpMessages.StairSecondsRequired], Errors(Visit(new ExamFindingsInput { StairClimbSteps = 12 }))["exam.stairClimbSeconds"]);
    }

    [Fact]
    public void Validate_Instruments_UnknownCodeOrResponseOrMismatch()
    {
        var errors = Errors(Visit() with
        {
            Instruments =
            [
                new CompletedInstrument { Instrument = "NOPE" },
                new CompletedInstrument { ResponseId = "fedcba9876543210fedcba9876543210" },
                new CompletedInstrument { Instrument = "WOMAC", ResponseId = KoosResponse },
                new CompletedInstrument(),
            ],
        });
        Assert.StartsWith("Unknown instrument", errors["instruments[0].instrument"].Single());
        Assert.Equal([FollowUpMessages.NoSuchResponse], errors["instruments[1].responseId"]);
        Assert.Equal([FollowUpMessages.ResponseIsOtherInstrument("KOOS")], errors["instruments[2].instrument"]);
        Assert.True(errors.ContainsKey("instruments[3].instrument"));
    }

    [Fact]
    public void Validate_BiomarkersAndImaging_ReuseAssessmentValidation()
    {
        var errors = Errors(Visit() with
        {
            Biomarkers = [new BiomarkerInput { Analyte = "TNFA", Specimen = "URINE", Value = -1, SampledOn = "2026-04-10" }],
            Imaging = [new ImagingReadInput { Modality = "MRI", ReadOn = "2026-04-10", Reader = "Dr Park", KlGrade = 2 }],
        });
        Assert.True(errors.ContainsKey("biomarkers[0].specimen"));
        Assert.True(errors.ContainsKey("biomarkers[0].value"));
        Assert.True(errors.ContainsKey("imaging[0].klGrade")); // KL is read on a radiograph
    }

    [Fact]
    public void Validate_Dates_FutureAndAfterWithdrawalAreRefused()
    {
        Assert.True(Errors(Visit() with { ActualDate = "2026-06-16" }).ContainsKey("actualDate"));
        Assert.Equal([FollowUpMessages.AfterFollowUpEnded(new DateOnly(2026, 4, 1))], Errors(Visit(), Ctx(ended: new DateOnly(2026, 4, 1)))["actualDate"]);
    }

    [Fact]
    public void Validate_Correction_NeedsReason()
    {
        Assert.Equal([FollowUpMessages.CorrectionNeedsReason], Errors(Visit(), Ctx(recorded: true))["reason"]);
        Assert.Empty(Errors(Visit() with { Reason = "Wrong date typed" }, Ctx(recorded: true)));
    }

    [Fact]
    public void Validate_NewTreatments_IaInjectionDefaultsToTreatedTarget()
    {
        var (_, findings, _, errors) = VisitRecordValidation.Validate(Visit() with
        {
            NewTreatments = [new NewTreatmentInput { Category = "IA_INJECTION", Agent = "hyaluronic acid" }],
        }, Ctx());
        Assert.True(errors.IsEmpty);
        Assert.Equal("KNEE_R", findings!.NewTreatments.Single().Target);
        Assert.True(Errors(Visit() with { NewTreatments = [new NewTreatmentInput { Category = "ANALGESIC", Agent = "x", Target = "KNEE_L" }] })
            .ContainsKey("newTreatments[0].target"));
    }
}
