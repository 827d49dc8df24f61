using OrthoRegen.Audit;

namespace OrthoRegen.Tests.Audit;

public class AuditHashTests
{
    static readonly AuditRow Row = new()
    {
        At = "2026-06-15T09:00:00.0000000Z", Actor = "dr.lee", Action = "READ", Entity = "patient", EntityId = "a", PatientId = "a",
        Fields = null, Origin = "127.0.0.1", PrevHash = AuditTrail.Genesis,
    };

    [Fact]
    public void HashOf_SameRow_IsStableLowercaseSha256()
    {
        var h = AuditTrail.HashOf(Row);
        Assert.Equal(h, AuditTrail.HashOf(Row with { Seq = 99, Hash = "ignored" }));
        Assert.Matches("^[0-9a-f]{64}$", h);
    }

    [Theory]
    [InlineData("actor")]
    [InlineData("action")]
    [InlineData("at")]
    [InlineData("prev")]
    [InlineData("fields")]
    public void HashOf_AnyFieldChanged_Changes(string field)
    {
        var changed = field switch
        {
            "actor" => Row with { Actor = "dr.park" },
            "action" => Row with { Action = "UPDATE" },
            "at" => Row with { At = "2026-06-15T09:00:00.0000001Z" },
            "prev" => Row with { PrevHash = new string('1', 64) },
            _ => Row with { Fields = "family_name" },
        };
        Assert.NotEqual(AuditTrail.HashOf(Row), AuditTrail.HashOf(changed));
    }

    [Fact]
    public void HashOf_FieldBoundaryShift_Changes() =>
        // "ab"+"c" and "a"+"bc" must not collide: fields are separated, not concatenated.
        Assert.NotEqual(AuditTrail.HashOf(Row with { Actor = "ab", Action = "c" }), AuditTrail.HashOf(Row with { Actor = "a", Action = "bc" }));
}
