using OrthoRegen.Outcomes;

namespace OrthoRegen.Tests.Outcomes;

public class CohortDefinitionTests
{
    static IReadOnlyDictionary<string, string[]> Invalid(Outcome<CohortDefinition> o) =>
        o is Outcome<CohortDefinition>.Invalid i ? i.Errors : throw new Xunit.Sdk.XunitException($"Expected invalid, got {o}");
    static CohortDefinition Done(Outcome<CohortDefinition> o) =>
        o is Outcome<CohortDefinition>.Done d ? d.Value : throw new Xunit.Sdk.XunitException($"Expected a definition, got {o}");

    [Fact]
    public void CanonicalJson_SortsDeduplicatesAndLeavesOutUnsetFilters()
    {
        var a = new CohortDefinition { CellSources = ["UC_MSC", "BM_MSC", "UC_MSC"], KlGrades = [3, 2], AgeMin = 50, TreatedFrom = new(2025, 1, 1), Sexes = [] };
        var b = new CohortDefinition { KlGrades = [2, 3], TreatedFrom = new(2025, 1, 1), AgeMin = 50, CellSources = ["BM_MSC", "UC_MSC"] };
        Assert.Equal("""{"klGrades":[2,3],"cellSources":["BM_MSC","UC_MSC"],"ageMin":50,"treatedFrom":"2025-01-01"}""", a.ToCanonicalJson());
        Assert.Equal(a.ToCanonicalJson(), b.ToCanonicalJson());
        Assert.Equal("{}", CohortDefinition.Everyone.ToCanonicalJson());
    }

    [Fact]
    public void QueryString_RoundTripsEveryFilter()
    {
        var d = new CohortDefinition
        {
            Indications = ["KNEE_OA"], Targets = ["KNEE_L", "KNEE_R"], KlGrades = [2], ArcoStages = ["NONE"], PfirrmannGrades = [3], CellSources = ["BMAC"],
            Origins = ["AUTOLOGOUS"], Routes = ["INTRA_ARTICULAR"], DoseTiers = ["LOW"], CellsPerKgMinE6 = 0.5, CellsPerKgMaxE6 = 2.25, TotalCellsMinE6 = 10,
            TotalCellsMaxE6 = 100, InjectionsMin = 1, InjectionsMax = 3, Adjuncts = ["NONE", "PRP"], AgeMin = 40, AgeMax = 80, Sexes = ["F"], BmiMin = 18.5,
            BmiMax = 35, SiteIds = ["site-1"], TreatedFrom = new(2024, 1, 1), TreatedTo = new(2025, 12, 31),
        };
        var q = d.ToQueryString();
        Assert.Contains("targets=KNEE_L&targets=KNEE_R", q);
        var back = Done(CohortDefinition.FromQueryString("?" + q + "&instrument=WOMAC"));   // page parameters are ignored
        Assert.Equal(d.ToCanonicalJson(), back.ToCanonicalJson());
        Assert.Equal(d.ToCanonicalJson(), Done(CohortDefinition.FromJson(d.ToCanonicalJson())).ToCanonicalJson());
    }

    [Fact]
    public void FromPairs_AcceptsCommaListsAndIgnoresEmptyFormFields()
    {
        var d = Done(CohortDefinition.FromPairs([new("cellSources", "BM_MSC,AD_MSC"), new("ageMin", ""), new("klGrades", "")]));
        Assert.Equal(["AD_MSC", "BM_MSC"], d.CellSources);
        Assert.Null(d.AgeMin);
        Assert.Null(d.KlGrades);
    }

    [Fact]
    public void Validation_NamesEachBadField()
    {
        var e = Invalid(CohortDefinition.FromQueryString("cellSources=STEM&klGrades=7&ageMin=80&ageMax=40&bmiMin=abc&treatedFrom=2025-13-01"));
        Assert.Contains("bmiMin", e.Keys);
        Assert.Contains("treatedFrom", e.Keys);
        var v = new CohortDefinition { CellSources = ["STEM"], KlGrades = [7], AgeMin = 80, AgeMax = 40, TreatedFrom = new(2025, 2, 1), TreatedTo = new(2025, 1, 1) }.Validate();
        Assert.Equal(["ageMax", "cellSources", "klGrades", "treatedTo"], v.Keys.Order());
        Assert.Contains("ageMin", Invalid(CohortDefinition.FromJson("""{"ageMin":"fifty"}""")).Keys);
        Assert.Contains("colour", Invalid(CohortDefinition.FromJson("""{"colour":["red"]}""")).Keys);
        Assert.Contains("definition", Invalid(CohortDefinition.FromJson("[1,2]")).Keys);
    }

    static CohortMember Member(int age = 60, double? bmi = 25, string[]? adjuncts = null, int? kl = 3, int injections = 1) =>
        new("p", "PX-1", "s", "plan", null, new DateOnly(2025, 3, 1), "KNEE_OA", "KNEE_R", "R", null, kl, null, null, "BM_MSC", "AUTOLOGOUS",
            "INTRA_ARTICULAR", "MEDIUM", 50, 48, 0.7, injections, adjuncts ?? [], age, "F", bmi, [], null, null, null, null, new DateOnly(2025, 3, 1));

    [Fact]
    public void Matches_BoundsAreInclusiveAndMissingValuesFailABound()
    {
        Assert.True(new CohortDefinition { AgeMin = 60, AgeMax = 60 }.Matches(Member(age: 60)));
        Assert.False(new CohortDefinition { AgeMin = 61 }.Matches(Member(age: 60)));
        Assert.False(new CohortDefinition { BmiMax = 30 }.Matches(Member(bmi: null)));
        Assert.True(new CohortDefinition { Adjuncts = ["NONE"] }.Matches(Member()));
        Assert.False(new CohortDefinition { Adjuncts = ["NONE"] }.Matches(Member(adjuncts: ["PRP"])));
        Assert.True(new CohortDefinition { Adjuncts = ["HA", "PRP"] }.Matches(Member(adjuncts: ["PRP"])));
        Assert.False(new CohortDefinition { KlGrades = [3] }.Matches(Member(kl: null)));
        Assert.True(new CohortDefinition { TreatedFrom = new(2025, 3, 1), TreatedTo = new(2025, 3, 1) }.Matches(Member()));
    }
}
