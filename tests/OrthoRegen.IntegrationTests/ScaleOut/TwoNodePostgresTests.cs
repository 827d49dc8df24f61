using System.Net;
using System.Net.Http.Json;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using static OrthoRegen.IntegrationTests.ScaleOut.ScaleOutCluster;

namespace OrthoRegen.IntegrationTests.ScaleOut;

/// <summary>Two web nodes (separate processes, separate loopback ports) over one fresh PostgreSQL database.</summary>
public sealed class TwoNodePostgresCluster : IAsyncLifetime
{
    public ScaleOutCluster Cluster { get; private set; } = null!;
    public async Task InitializeAsync() => Cluster = await ScaleOutCluster.StartAsync(DatabaseProvider.Postgres, nodes: 2);
    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

/// <summary>
/// Scale-out on PostgreSQL: a session and a token issued by node A are honoured by node B (the Data Protection key ring
/// lives in the database) and end on B when A ends them; concurrent writes through both nodes lose nothing and create
/// nothing twice.
/// </summary>
public class TwoNodePostgresTests(TwoNodePostgresCluster fixture) : ClusterConcurrencyTests, IClassFixture<TwoNodePostgresCluster>
{
    protected override ScaleOutCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task SignIn_OnNodeA_CookieAndTokenWorkOnNodeB_AndSignOutOnAEndsItOnB()
    {
        var staff = await Cluster.StaffAsync(Roles.Physician);
        Assert.Equal(staff.Username, (await JsonAsync(await staff.Via(1).GetAsync("/api/me"))).GetProperty("username").GetString());
        var token = (await JsonAsync(await staff.Via(1).PostAsJsonAsync("/api/me/tokens", new { name = "script" }))).GetProperty("token").GetString()!;
        using (var bearerOnA = Cluster.Nodes[0].Client(bearer: token))
            Assert.Equal(HttpStatusCode.OK, (await bearerOnA.GetAsync("/api/patients")).StatusCode);

        // The browser's cookie, replayed after sign-out: the copy a second tab or a stolen cookie would still hold.
        var cookie = staff.Jar.GetCookieHeader(Cluster.Nodes[0].BaseAddress);
        Assert.NotEmpty(cookie);
        Assert.Equal(HttpStatusCode.NoContent, (await staff.Via(0).DeleteAsync("/api/session")).StatusCode);
        using var replayOnB = Cluster.Nodes[1].Client();
        replayOnB.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.Unauthorized, (await replayOnB.GetAsync("/api/me")).StatusCode);
        using (var bearerOnB = Cluster.Nodes[1].Client(bearer: token))
            Assert.Equal(HttpStatusCode.OK, (await bearerOnB.GetAsync("/api/patients")).StatusCode); // a token is not a session
    }

    [Fact]
    public async Task PasswordChange_OnNodeA_EndsTheOtherSessionsOnNodeB()
    {
        var staff = await Cluster.StaffAsync(Roles.Coordinator);
        var second = Cluster.NewSession(staff.Username); // the same person signed in elsewhere, through node B
        (await second.Via(1).PostAsJsonAsync("/api/session", new { username = staff.Username, password = UserPassword })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await second.Via(1).GetAsync("/api/me")).StatusCode);

        (await staff.Via(0).PostAsJsonAsync("/api/me/password", new { currentPassword = UserPassword, newPassword = UserPassword + "-new" })).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.Unauthorized, (await second.Via(1).GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.Via(1).GetAsync("/api/me")).StatusCode); // the one who changed it stays in
    }
}
