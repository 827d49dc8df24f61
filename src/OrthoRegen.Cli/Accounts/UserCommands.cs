using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Accounts;
using OrthoRegen.Cli.Common;
using Spectre.Console;

namespace OrthoRegen.Cli.Accounts;

/// <summary>
/// <c>orthoregen users create|reset-password|tokens</c>: staff accounts from the command line (the first accounts of a
/// deployment, a forgotten password). Passwords given or generated are one-time: they must be changed at first sign-in.
/// Token secrets are shown once and stored hashed.
/// </summary>
public static class UserCommands
{
    public static Command Create()
    {
        var users = new Command("users", "Staff accounts: create, reset a password or two-factor sign-in, manage API tokens.");
        users.Subcommands.Add(CreateUser());
        users.Subcommands.Add(ResetPassword());
        users.Subcommands.Add(TotpReset());
        users.Subcommands.Add(Tokens());
        return users;
    }

    static Option<string> Username() => new("--username") { Description = "The user's sign-in name.", Required = true };

    static Command CreateUser()
    {
        var username = Username();
        var display = new Option<string?>("--display-name") { Description = "Name shown in the app (default: the username)." };
        var roles = new Option<string>("--roles") { Description = $"Comma-separated roles: {string.Join(", ", Roles.All)}.", Required = true };
        var sites = new Option<string?>("--sites") { Description = "Comma-separated site codes (e.g. MAIN)." };
        var allSites = new Option<bool>("--all-sites") { Description = "Member of every site." };
        var language = new Option<string>("--language") { Description = "en, ko or zh.", DefaultValueFactory = _ => "en" };
        var password = new Option<string?>("--password") { Description = "One-time password (default: a generated one, printed once)." };
        var cmd = new Command("create", "Create a staff user with roles and sites; prints the one-time password.");
        foreach (var o in new Option[] { username, display, roles, sites, allSites, language, password }) cmd.Options.Add(o);
        cmd.SetAction(async (parse, ct) =>
        {
            await using var services = await CliServices.TryBuildMigratedAsync(parse, ct);
            if (services is null) return CliIo.BadInput;
            var pw = parse.GetValue(password) ?? UserStore.GeneratePassword();
            var name = parse.GetValue(username)!;
            var outcome = await services.GetRequiredService<UserStore>().CreateAsync(CliServices.Actor("users create"), new CreateUser
            {
                Username = name, DisplayName = parse.GetValue(display) ?? name, Password = pw, Roles = List(parse.GetValue(roles)),
                SiteCodes = List(parse.GetValue(sites)), AllSites = parse.GetValue(allSites), Language = parse.GetValue(language),
            }, ct);
            if (outcome is Outcome<StaffUser>.Invalid invalid) return Fail(invalid.Errors);
            var user = ((Outcome<StaffUser>.Done)outcome).Value;
            Console.WriteLine($"created {user.Username} ({string.Join(", ", user.Roles)}); one-time password: {pw}");
            return CliIo.Ok;
        });
        return cmd;
    }

    static Command ResetPassword()
    {
        var username = Username();
        var password = new Option<string?>("--password") { Description = "New one-time password (default: a generated one, printed once)." };
        var cmd = new Command("reset-password", "Set a one-time password (to be changed at next sign-in), lift a lockout and end the user's sessions.");
        cmd.Options.Add(username);
        cmd.Options.Add(password);
        cmd.SetAction(async (parse, ct) =>
        {
            await using var services = await CliServices.TryBuildMigratedAsync(parse, ct);
            if (services is null) return CliIo.BadInput;
            var pw = parse.GetValue(password) ?? UserStore.GeneratePassword();
            var outcome = await services.GetRequiredService<UserStore>().ResetPasswordAsync(CliServices.Actor("users reset-password"), parse.GetValue(username)!, pw, ct);
            switch (outcome)
            {
                case Outcome<StaffUser>.NotFound: return CliIo.Fail($"--username: no user '{parse.GetValue(username)}'");
                case Outcome<StaffUser>.Invalid invalid: return Fail(invalid.Errors);
            }
            Console.WriteLine($"password of {parse.GetValue(username)} reset; one-time password: {pw}");
            return CliIo.Ok;
        });
        return cmd;
    }

    /// <summary><c>users totp-reset USERNAME</c>: an administrator's recovery when a user lost their authenticator.</summary>
    static Command TotpReset()
    {
        var username = new Argument<string>("username") { Description = "The user whose two-factor sign-in is removed." };
        var cmd = new Command("totp-reset", "Remove a user's two-factor secret and recovery codes and end their sessions; they set it up again at next sign-in.");
        cmd.Arguments.Add(username);
        cmd.SetAction(async (parse, ct) =>
        {
            await using var services = await CliServices.TryBuildMigratedAsync(parse, ct);
            if (services is null) return CliIo.BadInput;
            var name = parse.GetValue(username)!;
            var outcome = await services.GetRequiredService<TwoFactorStore>().ResetAsync(CliServices.Actor("users totp-reset"), name, ct);
            if (outcome is not Outcome<string>.Done done) return CliIo.Fail($"username: no user '{name}'");
            Console.WriteLine($"two-factor sign-in of {done.Value} reset; they set it up again at their next sign-in");
            return CliIo.Ok;
        });
        return cmd;
    }

    static Command Tokens()
    {
        var tokens = new Command("tokens", "API tokens of a user (Authorization: Bearer …).");
        {
            var username = Username();
            var name = new Option<string>("--name") { Description = "What the token is for (e.g. 'nightly export').", Required = true };
            var create = new Command("create", "Create a token; its secret is printed once and stored only as a hash.");
            create.Options.Add(username);
            create.Options.Add(name);
            create.SetAction(async (parse, ct) => await WithUserAsync(parse, username, async (store, user) =>
            {
                var outcome = await store.CreateTokenAsync(CliServices.Actor("users tokens create"), user.Id, parse.GetValue(name), ct);
                if (outcome is Outcome<NewApiToken>.Invalid invalid) return Fail(invalid.Errors);
                var t = ((Outcome<NewApiToken>.Done)outcome).Value;
                Console.WriteLine($"token {t.Token.Id} ({t.Token.Name}) for {user.Username}; secret (shown once): {t.Secret}");
                return CliIo.Ok;
            }));
            tokens.Subcommands.Add(create);
        }
        {
            var username = Username();
            var list = new Command("list", "List a user's tokens (never their secrets).");
            list.Options.Add(username);
            list.SetAction(async (parse, ct) => await WithUserAsync(parse, username, async (store, user) =>
            {
                var table = new Table().AddColumns("Id", "Name", "Created", "Last used", "Revoked");
                foreach (var t in await store.TokensAsync(user.Id, ct))
                    table.AddRow(Markup.Escape(t.Id), Markup.Escape(t.Name), t.CreatedAt.ToString("u"), t.LastUsedAt?.ToString("u") ?? "", t.RevokedAt?.ToString("u") ?? "");
                AnsiConsole.Write(table);
                return CliIo.Ok;
            }));
            tokens.Subcommands.Add(list);
        }
        {
            var username = Username();
            var id = new Option<string>("--id") { Description = "Token id (from users tokens list).", Required = true };
            var revoke = new Command("revoke", "Revoke a token; requests with it are refused from now on.");
            revoke.Options.Add(username);
            revoke.Options.Add(id);
            revoke.SetAction(async (parse, ct) => await WithUserAsync(parse, username, async (store, user) =>
            {
                if (!await store.RevokeTokenAsync(CliServices.Actor("users tokens revoke"), user.Id, parse.GetValue(id)!, ct))
                    return CliIo.Fail($"--id: {user.Username} has no live token '{parse.GetValue(id)}'");
                Console.WriteLine($"token {parse.GetValue(id)} revoked");
                return CliIo.Ok;
            }));
            tokens.Subcommands.Add(revoke);
        }
        return tokens;
    }

    static async Task<int> WithUserAsync(ParseResult parse, Option<string> username, Func<UserStore, StaffUser, Task<int>> work)
    {
        await using var services = await CliServices.TryBuildMigratedAsync(parse, CancellationToken.None);
        if (services is null) return CliIo.BadInput;
        var store = services.GetRequiredService<UserStore>();
        var name = parse.GetValue(username)!.ToLowerInvariant();
        var user = (await store.ListAsync(CancellationToken.None)).FirstOrDefault(u => u.Username == name);
        if (user is null) return CliIo.Fail($"--username: no user '{name}'");
        return await work(store, user);
    }

    static List<string> List(string? csv) => (csv ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();

    /// <summary>The store's field errors as option names: "--roles: Unknown role 'X'."</summary>
    static int Fail(IReadOnlyDictionary<string, string[]> errors) =>
        CliIo.Fail(errors.Select(kv => $"--{Option(kv.Key)}: {kv.Value[0]}"));

    static string Option(string field) => field switch
    {
        "displayName" => "display-name",
        "siteCodes" => "sites",
        _ => field,
    };
}
