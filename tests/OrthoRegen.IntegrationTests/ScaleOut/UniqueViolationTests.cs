using Dapper;
using OrthoRegen.Data;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.ScaleOut;

/// <summary>Each engine's duplicate-key error is recognised (it becomes a 409), and other constraint errors are not.</summary>
public class UniqueViolationTests
{
    [Theory, BothEngines]
    public async Task Is_DuplicateKeyOnEitherEngine_TrueButOtherConstraintErrorsFalse(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var at = DateTimeOffset.UtcNow;
        const string insertHead = "INSERT INTO record_heads (id, kind, patient_id, current_version, created_at, created_by) VALUES (@id, 'probe', NULL, 1, @at, 'test')";
        await using var c = await db.Database.OpenAsync(default);
        await c.ExecuteAsync(insertHead, new { id = "probe-1", at });

        var duplicate = await Record.ExceptionAsync(() => c.ExecuteAsync(insertHead, new { id = "probe-1", at }));
        var missingValue = await Record.ExceptionAsync(() => c.ExecuteAsync(
            "INSERT INTO record_heads (id, kind, patient_id, current_version, created_at, created_by) VALUES ('probe-2', NULL, NULL, 1, @at, 'test')", new { at }));
        var wrapped = new InvalidOperationException("outer", duplicate);

        Assert.True(UniqueViolation.Is(duplicate), duplicate?.ToString());
        Assert.True(UniqueViolation.Is(wrapped));
        Assert.NotNull(missingValue);
        Assert.False(UniqueViolation.Is(missingValue));
        Assert.False(UniqueViolation.Is(null));
    }
}
