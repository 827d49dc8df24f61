using OrthoRegen.Accounts;

namespace OrthoRegen.Tests.Accounts;

public class PasswordPolicyTests
{
    [Theory]
    [InlineData("Knee-Cartilage-2026", "dr.lee")]   // long, mixed classes
    [InlineData("correct horse battery", "dr.lee")] // lowercase and spaces: two classes
    [InlineData("abcdefghijk1", "dr.lee")]          // exactly 12 characters
    public void Problems_AcceptablePassword_IsEmpty(string password, string username) =>
        Assert.Empty(PasswordPolicy.Problems(password, username));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Short-1")]
    [InlineData("Abcdefghij1")] // 11 characters
    public void Problems_ShorterThan12_IsTooShort(string? password) =>
        Assert.Equal([PasswordPolicy.Messages.TooShort], PasswordPolicy.Problems(password, "dr.lee"));

    [Fact]
    public void Problems_LongerThan256_IsTooLong() =>
        Assert.Equal([PasswordPolicy.Messages.TooLong], PasswordPolicy.Problems(new string('a', 250) + "B1-xyz-", "dr.lee"));

    [Theory]
    [InlineData("dr.lee-Secret-42", "dr.lee")] // contains the username
    [InlineData("DR.LEE.dr.lee.1", "dr.lee")]  // ignoring case
    public void Problems_ContainsUsername_IsRefused(string password, string username) =>
        Assert.Contains(PasswordPolicy.Messages.ContainsUsername, PasswordPolicy.Problems(password, username));

    [Theory]
    [InlineData("password1234")]
    [InlineData("Password123!")]  // the stem "password123" after dropping punctuation
    [InlineData("P@ssw0rd1234")]
    [InlineData("QWERTYUIOP123")]
    [InlineData("Welcome2026!!")]
    public void Problems_CommonPassword_IsRefused(string password) =>
        Assert.Contains(PasswordPolicy.Messages.Common, PasswordPolicy.Problems(password, "dr.lee"));

    [Theory]
    [InlineData("kneecartilage")]   // lowercase only
    [InlineData("KNEECARTILAGE")]   // uppercase only
    [InlineData("20260415193755")]  // digits only
    [InlineData("!@#$%^&*()_+-=")]  // symbols only
    public void Problems_OneCharacterClass_IsRefused(string password) =>
        Assert.Contains(PasswordPolicy.Messages.OneClass, PasswordPolicy.Problems(password, "dr.lee"));

    [Fact]
    public void Problems_FewDistinctCharacters_IsRefused() =>
        Assert.Contains(PasswordPolicy.Messages.FewDistinct, PasswordPolicy.Problems("aaaaBBBBaaaaBBBB1", "dr.lee"));
}
