using System.CommandLine;
using OrthoRegen.Audit;
using OrthoRegen.Cli.Common;
using OrthoRegen.Cli.Data;
using OrthoRegen.Data;

namespace OrthoRegen.Cli.Audit;

/// <summary><c>orthoregen audit verify</c>: walks the hash chain; exit 0 when intact, 1 at the first broken link.</summary>
public static class AuditCommands
{
    public static Command Create()
    {
        var audit = new Command("audit", "Audit trail tools.");
        var verify = new Command("verify", "Verify the audit trail's hash chain and report the first broken link.");
        verify.SetAction(async (parse, ct) =>
        {
            DatabaseOptions options;
            try { options = CliDatabase.Options(parse); }
            catch (InvalidOperationException e) { Console.Error.WriteLine(e.Message); return 2; }
            using var db = new Database(options);
            if (await CliServices.NotMigratedAsync(db, ct)) return 2;
            var result = await new AuditTrail(db, TimeProvider.System).VerifyAsync(ct);
            if (result.IsIntact)
            {
                Console.WriteLine($"audit chain intact: {result.RowsChecked} rows verified");
                return 0;
            }
            Console.WriteLine($"audit chain BROKEN at seq {result.FirstBrokenSeq}: {result.Problem} ({result.RowsChecked} rows verified before it)");
            return 1;
        });
        audit.Subcommands.Add(verify);
        return audit;
    }
}
