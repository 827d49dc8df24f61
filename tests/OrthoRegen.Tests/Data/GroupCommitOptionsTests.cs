using Microsoft.Extensions.Configuration;
using OrthoRegen.Data;

namespace OrthoRegen.Tests.Data;

public class GroupCommitOptionsTests
{
    static IConfiguration Config(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value)).Build();

    [Fact]
    public void FromConfiguration_Nothing_IsOnWith64WritesOr20Ms()
    {
        var options = DatabaseOptions.FromConfiguration(Config()).GroupCommit;
        Assert.Equal(new GroupCommitOptions(true, 64, TimeSpan.FromMilliseconds(20)), options);
    }

    [Fact]
    public void FromConfiguration_Keys_AreRead()
    {
        var options = GroupCommitOptions.FromConfiguration(Config(("Database:GroupCommit", "false"), ("Database:GroupCommitMaxSize", "8"),
            ("Database:GroupCommitMaxWaitMs", "0.5")));
        Assert.Equal(new GroupCommitOptions(false, 8, TimeSpan.FromMilliseconds(0.5)), options);
    }

    [Theory]
    [InlineData("Database:GroupCommitMaxSize", "0")]
    [InlineData("Database:GroupCommitMaxSize", "10001")]
    [InlineData("Database:GroupCommitMaxWaitMs", "-1")]
    [InlineData("Database:GroupCommitMaxWaitMs", "NaN")]
    public void FromConfiguration_OutOfRange_NamesTheKey(string key, string value)
    {
        var e = Assert.Throws<InvalidOperationException>(() => GroupCommitOptions.FromConfiguration(Config((key, value))));
        Assert.StartsWith(key + " must be between", e.Message);
    }

    [Fact]
    public void SqliteWalAutocheckpoint_DefaultsTo10000Pages_AndIsRead()
    {
        Assert.Equal(10_000, DatabaseOptions.FromConfiguration(Config()).SqliteWalAutocheckpointPages);
        Assert.Equal(2_500, DatabaseOptions.FromConfiguration(Config(("Database:SqliteWalAutocheckpointPages", "2500"))).SqliteWalAutocheckpointPages);
    }

    [Theory]
    [InlineData("99")]
    [InlineData("1000001")]
    [InlineData("-1")]
    public void SqliteWalAutocheckpoint_OutOfRange_NamesTheKey(string value)
    {
        var e = Assert.Throws<InvalidOperationException>(() => DatabaseOptions.FromConfiguration(Config(("Database:SqliteWalAutocheckpointPages", value))));
        Assert.StartsWith("Database:SqliteWalAutocheckpointPages must be between 100 and 1000000", e.Message);
    }
}
