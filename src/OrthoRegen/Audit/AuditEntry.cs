namespace OrthoRegen.Audit;

/// <summary>Audit actions. Reads of patient data are audited as well as writes.</summary>
public static class AuditAction
{
    public const string Create = "CREATE";
    public const string Update = "UPDATE";
    public const string Delete = "DELETE";
    public const string Read = "READ";
    public const string Login = "LOGIN";
    public const string LoginFailed = "LOGIN_FAILED";
    public const string Denied = "DENIED";
}

/// <summary>What happened, before it is chained. <paramref name="Fields"/> lists the field names a write touched.</summary>
public sealed record AuditEvent(
    string Action,
    string Entity,
    string? EntityId,
    string? PatientId,
    IReadOnlyList<string>? Fields = null);

/// <summary>One stored row of the chain.</summary>
public sealed record AuditRow
{
    public long Seq { get; init; }
    public string At { get; init; } = "";
    public string Actor { get; init; } = "";
    public string Action { get; init; } = "";
    public string Entity { get; init; } = "";
    public string? EntityId { get; init; }
    public string? PatientId { get; init; }
    public string? Fields { get; init; }
    public string? Origin { get; init; }
    public string PrevHash { get; init; } = "";
    public string Hash { get; init; } = "";
}

/// <summary>Result of walking the chain: <see cref="FirstBrokenSeq"/> is null when every link holds.</summary>
public sealed record AuditVerification(long RowsChecked, long? FirstBrokenSeq, string? Problem)
{
    public bool IsIntact => FirstBrokenSeq is null;
}
