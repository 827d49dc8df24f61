using OrthoRegen.Consent;

namespace OrthoRegen.Tests.Consent;

public class CheckpointProgressTests
{
    static readonly ConsentDocument Doc = ConsentDocuments.Default.Find("TREATMENT", "1.0")!.Render("en", false, 1);
    static readonly DateTimeOffset At = new(2026, 6, 15, 9, 0, 0, TimeSpan.Zero);

    static CheckpointAttempt A(string id, int attempt, int choice) =>
        new(id, attempt, choice, CheckpointProgress.IsCorrect(Doc.Checkpoints.Single(c => c.Id == id), choice), "en", At);

    [Fact]
    public void From_NoAnswers_NothingPassedAndNextIsFirst()
    {
        var p = CheckpointProgress.From(Doc, []);
        Assert.False(p.AllPassed);
        Assert.Equal(Doc.Checkpoints[0].Id, p.Next!.Checkpoint.Id);
        Assert.Empty(p.PassedAcknowledgements);
    }

    [Fact]
    public void From_WrongThenRight_PassedWithTwoAttempts()
    {
        var risks = Doc.Checkpoints.Single(c => c.Id == "risks");
        var p = CheckpointProgress.From(Doc, [A("risks", 1, (risks.Correct + 1) % 3), A("risks", 2, risks.Correct)]);
        var item = p.Items.Single(i => i.Checkpoint.Id == "risks");
        Assert.Equal((2, true, risks.Correct), (item.Attempts, item.Passed, item.LastChoice));
        Assert.Contains(Acknowledgements.RisksExplained, p.PassedAcknowledgements);
    }

    [Fact]
    public void From_OnlyWrongAnswers_NotPassedAndStillNext()
    {
        var evidence = Doc.Checkpoints.Single(c => c.Id == "evidence");
        var wrong = Enumerable.Range(0, evidence.Options.Count).First(i => i != evidence.Correct);
        var answers = Doc.Checkpoints.Where(c => c.Id != "evidence").Select(c => A(c.Id, 1, c.Correct)).Append(A("evidence", 1, wrong)).Append(A("evidence", 2, wrong));
        var p = CheckpointProgress.From(Doc, answers);
        Assert.False(p.AllPassed);
        Assert.Equal("evidence", p.Next!.Checkpoint.Id);
        Assert.DoesNotContain(Acknowledgements.EvidenceLevelExplained, p.PassedAcknowledgements);
    }

    [Fact]
    public void From_AllRight_AllPassedAndEveryAckOfTheForm()
    {
        var p = CheckpointProgress.From(Doc, Doc.Checkpoints.Select(c => A(c.Id, 1, c.Correct)));
        Assert.True(p.AllPassed);
        Assert.Null(p.Next);
        Assert.Equal(Doc.Checkpoints.Select(c => c.Acknowledgement).ToHashSet(), p.PassedAcknowledgements);
    }
}
