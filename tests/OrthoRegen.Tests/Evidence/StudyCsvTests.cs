using OrthoRegen.Evidence;

namespace OrthoRegen.Tests.Evidence;

public class StudyCsvTests
{
    static IReadOnlyList<StudyData> Library()
    {
        var binary = EvidenceBuilders.TwoArmInput("Park H", 2021) with
        {
            Notes = "quoted, \"text\" with a comma\nand a line break",
            Outcomes =
            [
                new() { Arm = "MSC", Instrument = "OMERACT_OARSI", Subscale = "responder", Month = 6, Events = 12, N = 20 },
                new() { Arm = "Saline", Instrument = "OMERACT_OARSI", Subscale = "responder", Month = 6, Events = 5, N = 20 },
            ],
            ReportedEffects = [new() { Instrument = "WOMAC", Subscale = "total", Month = null, Measure = "SMD", Estimate = -0.66, CiLower = -0.9, CiUpper = -0.42, N = 335 }],
        };
        return [EvidenceBuilders.Valid(EvidenceBuilders.TwoArmInput()), EvidenceBuilders.Valid(binary),
            .. EvidenceDemoLibrary.Studies.Select(s => s.Data)];
    }

    [Fact]
    public void WriteThenRead_RoundTripsEveryField()
    {
        var library = Library();
        var csv = StudyCsv.Write(library.Select((s, i) => ($"s{i}", s)));
        var back = ((Outcome<IReadOnlyList<StudyData>>.Done)StudyCsv.Read(csv, 2030)).Value;
        Assert.Equal(library.Count, back.Count);
        for (var i = 0; i < library.Count; i++)
        {
            Assert.Equal(library[i] with { Arms = [], Outcomes = [], ReportedEffects = [] }, back[i] with { Arms = [], Outcomes = [], ReportedEffects = [] });
            Assert.Equal(library[i].Arms, back[i].Arms);
            Assert.Equal(library[i].Outcomes, back[i].Outcomes);
            Assert.Equal(library[i].ReportedEffects, back[i].ReportedEffects);
        }
        Assert.Equal(csv, StudyCsv.Write(back.Select((s, i) => ($"s{i}", s))));
    }

    [Fact]
    public void Write_HeaderIsTheImportColumns()
    {
        var header = StudyCsv.Write([]).TrimEnd('\n');
        Assert.Equal(string.Join(",", StudyCsv.Columns), header);
    }

    [Fact]
    public void Read_BadCells_AreNamedByRowAndColumn()
    {
        var csv = StudyCsv.Write(Library().Take(1).Select(s => ("k1", s)));
        var lines = csv.TrimEnd('\n').Split('\n').ToList();
        // row 2 = STUDY, 3-4 = ARM, 5-6 = OUTCOME (header is row 1)
        lines[1] = lines[1].Replace(",2019,", ",twenty,");
        lines[2] = lines[2].Replace(",TREATMENT,", ",ACTIVE,");
        lines[4] = lines[4].Replace(",12,30,12,20,", ",12,30,-1,20,");
        lines.Add("OUTCOME,nokey" + new string(',', StudyCsv.Columns.Count - 2));
        lines.Add("WHATEVER,k1" + new string(',', StudyCsv.Columns.Count - 2));
        var errors = ((Outcome<IReadOnlyList<StudyData>>.Invalid)StudyCsv.Read(string.Join('\n', lines), 2030)).Errors;
        Assert.Equal([EvidenceMessages.NotWhole], errors[EvidenceMessages.Cell(2, "year")]);
        Assert.Contains(EvidenceMessages.Cell(3, "arm_role"), errors.Keys);
        Assert.Equal([EvidenceMessages.SdPositive], errors[EvidenceMessages.Cell(5, "sd")]);
        Assert.Equal([EvidenceMessages.UnknownStudyKey("nokey")], errors[EvidenceMessages.Cell(7, "study_key")]);
        Assert.Equal([EvidenceMessages.RecordType], errors[EvidenceMessages.Cell(8, "record_type")]);
    }

    [Fact]
    public void Read_MissingColumn_IsAFileError()
    {
        var errors = ((Outcome<IReadOnlyList<StudyData>>.Invalid)StudyCsv.Read("record_type,study_key,title\nSTUDY,a,x\n", 2030)).Errors;
        Assert.StartsWith("Missing columns: authors, year", errors[EvidenceMessages.File][0]);
    }
}
