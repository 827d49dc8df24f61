using System.Xml.Linq;
using OrthoRegen.Evidence;

namespace OrthoRegen.Tests.Evidence;

public class PrismaTests
{
    // A consistent review: 420 + 80 identified; 100 duplicates, 20 by automation, 5 other → 375 screened; 300 excluded →
    // 75 sought; 5 not retrieved → 70 assessed; 40 + 20 excluded with reasons → 10 reports of 8 studies.
    internal static PrismaInput Consistent() => new()
    {
        Title = "MSC for knee OA",
        IdentifiedSources = [new() { Source = "PubMed", Count = 420 }, new() { Source = "ClinicalTrials.gov", Count = 80 }],
        DuplicatesRemoved = 100, AutomationRemoved = 20, OtherRemoved = 5, Screened = 375, ExcludedScreening = 300,
        ReportsSought = 75, ReportsNotRetrieved = 5, ReportsAssessed = 70,
        ReportsExcluded = [new() { Reason = "Wrong comparator", Count = 40 }, new() { Reason = "No outcome data", Count = 20 }],
        StudiesIncluded = 8, ReportsIncluded = 10,
    };

    [Fact]
    public void Validate_ConsistentCounts_AreAccepted()
    {
        var c = ((Outcome<PrismaCounts>.Done)Prisma.Validate(Consistent())).Value;
        Assert.Equal(500, c.Identified);
        Assert.Equal(125, c.RemovedBeforeScreening);
    }

    [Theory]
    [InlineData("screened", 376)] // identified − removed = 375
    [InlineData("reportsSought", 74)] // screened − excluded = 75
    [InlineData("reportsAssessed", 71)] // sought − not retrieved = 70
    [InlineData("reportsIncluded", 11)] // assessed − Σ reasons = 10
    [InlineData("studiesIncluded", 12)] // more studies than reports
    public void Validate_BrokenSum_NamesTheBoxThatDoesNotFollow(string field, int value)
    {
        var p = Consistent();
        p = field switch
        {
            "screened" => p with { Screened = value },
            "reportsSought" => p with { ReportsSought = value },
            "reportsAssessed" => p with { ReportsAssessed = value },
            "reportsIncluded" => p with { ReportsIncluded = value },
            _ => p with { StudiesIncluded = value },
        };
        var errors = ((Outcome<PrismaCounts>.Invalid)Prisma.Validate(p)).Errors;
        Assert.Equal(field, errors.Keys.First()); // the box after it may then disagree too
    }

    [Fact]
    public void Validate_ScreenedMismatch_SaysWhatItMustEqual()
    {
        var errors = ((Outcome<PrismaCounts>.Invalid)Prisma.Validate(Consistent() with { Screened = 400 })).Errors;
        Assert.Equal([EvidenceMessages.MustEqual("records identified (500) − removed before screening (125)", 375)], errors["screened"]);
    }

    [Fact]
    public void Validate_MissingAndNegativeCounts_AreNamed()
    {
        var errors = ((Outcome<PrismaCounts>.Invalid)Prisma.Validate(Consistent() with { DuplicatesRemoved = null, ReportsNotRetrieved = -1, IdentifiedSources = [] })).Errors;
        Assert.Contains("duplicatesRemoved", errors.Keys);
        Assert.Contains("reportsNotRetrieved", errors.Keys);
        Assert.Contains("identifiedSources", errors.Keys);
    }

    [Fact]
    public void Diagram_IsXmlWithEveryBoxCount()
    {
        var c = ((Outcome<PrismaCounts>.Done)Prisma.Validate(Consistent())).Value;
        var svg = XDocument.Parse(Prisma.Diagram(c));
        XNamespace ns = "http://www.w3.org/2000/svg";
        var texts = svg.Descendants(ns + "text").Select(t => t.Value).ToList();
        foreach (var expected in new[] { "Records identified (n = 500):", "  PubMed (n = 420)", "Records screened (n = 375)", "Records excluded (n = 300)",
                     "Reports sought for retrieval (n = 75)", "Reports not retrieved (n = 5)", "Reports assessed for eligibility (n = 70)",
                     "  Wrong comparator (n = 40)", "Studies included in review (n = 8)", "Reports of included studies (n = 10)" })
            Assert.Contains(expected, texts);
        Assert.Equal(9, svg.Descendants(ns + "rect").Count(r => (string?)r.Attribute("stroke") == "#1f4e79"));
    }
}
