using OrthoRegen.CellLab;

namespace OrthoRegen.Tests.CellLab;

public class CustodyChainTests
{
    static readonly DateTimeOffset Now = new(2026, 6, 15, 9, 0, 0, TimeSpan.Zero);
    const string Lot = "0123456789abcdef0123456789abcdef";

    static RecordCustodyEvent Event(string ev, string from, string to, int minutesAgo = 10, string? v1 = null, string? v2 = null, double? temp = 4) => new()
    {
        ItemKind = "LOT", ItemId = Lot, Event = ev, FromParty = from, ToParty = to, Location = "GMP lab",
        At = Now.AddMinutes(-minutesAgo).ToString("O"), TempC = temp, ConditionOk = true, Verifier1 = v1, Verifier2 = v2,
    };

    static CustodyEventView Stored(string ev, string from, string to, int minutesAgo, string? v1 = null, string? v2 = null) => new()
    {
        Id = Guid.NewGuid().ToString("N"), ItemKind = "LOT", ItemId = Lot, Event = ev, FromParty = from, ToParty = to, Location = "GMP lab",
        At = Now.AddMinutes(-minutesAgo), ConditionOk = true, Verifier1 = v1, Verifier2 = v2, RecordedAt = Now.AddMinutes(-minutesAgo),
    };

    static IReadOnlyDictionary<string, string[]> Errors(RecordCustodyEvent r, params CustodyEventView[] earlier) =>
        CustodyChain.Validate(r, earlier, Now, Now.AddDays(2)).Errors.ToDictionary();

    [Fact]
    public void Validate_CompleteEvent_IsValidAndCarriesLotExpiry()
    {
        var (ev, errors) = CustodyChain.Validate(Event("PROCESSED", "Lab", "Lab"), [], Now, Now.AddDays(2));
        Assert.True(errors.IsEmpty);
        Assert.Equal(Now.AddDays(2), ev!.ExpiresAt);
    }

    [Fact]
    public void Validate_MissingFromToLocationTime_NamesEachField()
    {
        var errors = Errors(new RecordCustodyEvent { ItemKind = "LOT", ItemId = Lot, Event = "SHIPPED", TempC = 4, ConditionOk = true });
        Assert.Superset(new HashSet<string> { "fromParty", "toParty", "location", "at" }, errors.Keys.ToHashSet());
    }

    [Theory]
    [InlineData("LABELED")]
    [InlineData("ISSUED")]
    public void Validate_TwoPersonEventWithOneVerifier_IsRefused(string ev) =>
        Assert.Equal([CellLabMessages.I3MissingVerifiers], Errors(Event(ev, "Lab", "Lab", v1: "kim"))["verifier2"]);

    [Fact]
    public void Validate_TwoPersonEventSameVerifierTwice_IsRefused() =>
        Assert.Equal([CellLabMessages.I3SameVerifier], Errors(Event("LABELED", "Lab", "Lab", v1: "kim", v2: " KIM "))["verifier2"]);

    [Fact]
    public void Validate_TwoDifferentVerifiers_Passes() =>
        Assert.Empty(Errors(Event("ISSUED", "Lab", "Ward 3", v1: "kim", v2: "park")));

    [Fact]
    public void Validate_ChainBreak_SenderIsNotPreviousReceiver_IsRefused()
    {
        var errors = Errors(Event("RECEIVED", "Courier B", "Ward 3", 5), Stored("SHIPPED", "Lab", "Courier A", 30));
        Assert.Equal([CellLabMessages.I3ChainBreak("Courier A", "SHIPPED")], errors["fromParty"]);
    }

    [Fact]
    public void Validate_ChainContinues_Passes() =>
        Assert.Empty(Errors(Event("RECEIVED", "courier a", "Ward 3", 5), Stored("SHIPPED", "Lab", "Courier A", 30)));

    [Fact]
    public void Validate_EarlierThanLastEvent_IsRefused() =>
        Assert.Equal([CellLabMessages.I3OutOfOrder], Errors(Event("RECEIVED", "Courier A", "Ward 3", 60), Stored("SHIPPED", "Lab", "Courier A", 30))["at"]);

    [Fact]
    public void Validate_NoTemperatureNorLogger_IsRefused() =>
        Assert.Equal([CellLabMessages.I3Temperature], Errors(Event("SHIPPED", "Lab", "Courier", temp: null))["tempC"]);

    [Fact]
    public void Validate_LoggerInsteadOfTemperature_Passes() =>
        Assert.Empty(Errors(Event("SHIPPED", "Lab", "Courier", temp: null) with { TempLoggerId = "LOG-7" }));

    [Fact]
    public void Breaks_IntactChain_IsEmpty_BrokenChain_IsReported()
    {
        Assert.Empty(CustodyChain.Breaks([Stored("SHIPPED", "Lab", "Courier", 30), Stored("RECEIVED", "Courier", "Ward", 10)]));
        var breaks = CustodyChain.Breaks([Stored("SHIPPED", "Lab", "Courier", 30), Stored("RECEIVED", "Somebody", "Ward", 10)]);
        Assert.Equal(1, Assert.Single(breaks).Index);
    }

    [Fact]
    public void HasTwoPersonLabelCheck_RequiresTwoDifferentVerifiers()
    {
        Assert.True(CustodyChain.HasTwoPersonLabelCheck([Stored("LABELED", "Lab", "Lab", 5, "kim", "park")]));
        Assert.False(CustodyChain.HasTwoPersonLabelCheck([Stored("LABELED", "Lab", "Lab", 5, "kim", "kim")]));
    }
}
