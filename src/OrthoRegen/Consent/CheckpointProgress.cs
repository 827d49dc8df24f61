namespace OrthoRegen.Consent;

/// <summary>One answer given on the tablet to one checkpoint (every attempt is kept, right or wrong).</summary>
public sealed record CheckpointAttempt(string CheckpointId, int Attempt, int Choice, bool Correct, string Language, DateTimeOffset AnsweredAt);

/// <summary>Where one checkpoint stands: passed once any attempt was right; attempts counts every answer.</summary>
public sealed record CheckpointStatus(Checkpoint Checkpoint, int Attempts, bool Passed, int? LastChoice);

/// <summary>
/// Scoring of the comprehension checkpoints: a checkpoint is passed when it has been answered correctly (a wrong answer
/// shows the explanation and the question must be answered again). Signing needs every shown checkpoint passed; the
/// acknowledgements recorded on the Consent are exactly those of the passed checkpoints.
/// </summary>
public sealed record CheckpointProgress(IReadOnlyList<CheckpointStatus> Items)
{
    public static CheckpointProgress From(ConsentDocument document, IEnumerable<CheckpointAttempt> attempts)
    {
        var byId = attempts.GroupBy(a => a.CheckpointId).ToDictionary(g => g.Key, g => g.OrderBy(a => a.Attempt).ToList());
        return new CheckpointProgress(document.Checkpoints.Select(c =>
        {
            var list = byId.GetValueOrDefault(c.Id) ?? [];
            return new CheckpointStatus(c, list.Count, list.Any(a => a.Correct), list.Count == 0 ? null : list[^1].Choice);
        }).ToList());
    }

    public bool AllPassed => Items.All(i => i.Passed);

    /// <summary>The first checkpoint not yet passed, in the form's order; null when all are passed.</summary>
    public CheckpointStatus? Next => Items.FirstOrDefault(i => !i.Passed);

    public IReadOnlySet<string> PassedAcknowledgements => Items.Where(i => i.Passed).Select(i => i.Checkpoint.Acknowledgement).ToHashSet();

    /// <summary>True when the choice is the checkpoint's right option.</summary>
    public static bool IsCorrect(Checkpoint checkpoint, int choice) => choice == checkpoint.Correct;
}
