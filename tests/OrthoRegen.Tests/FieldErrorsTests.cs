namespace OrthoRegen.Tests;

public class FieldErrorsTests
{
    [Fact]
    public void Messages_AreEveryMessageWithItsField_InTheOrderOfTheDictionary()
    {
        var e = new FieldErrors().Add("date", "Required.").Add("type", "Not a code.").Add("date", "Must not be in the future.");
        Assert.Equal([("date", "Required."), ("date", "Must not be in the future."), ("type", "Not a code.")], e.Messages);
        Assert.Equal(e.ToDictionary().SelectMany(kv => kv.Value.Select(m => (kv.Key, m))), e.Messages);
        Assert.Empty(new FieldErrors().Messages);
    }
}
