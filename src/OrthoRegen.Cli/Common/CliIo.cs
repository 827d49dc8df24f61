using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrthoRegen.Cli.Common;

/// <summary>
/// Input, output and exit-code conventions shared by every command: <c>--input FILE</c> or <c>-</c> for stdin,
/// JSON with snake_case names on stdout (nulls written, so "not estimable" is visible as null), and bad input reported
/// as one line per problem on stderr with exit code 2 and nothing on stdout.
/// </summary>
public static class CliIo
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int BadInput = 2;

    public static Option<string> InputOption(bool required = true) => new("--input", "-i")
    {
        Description = "Input file, or - for standard input.",
        Required = required,
        DefaultValueFactory = _ => "-",
    };

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    /// <summary>Writes <paramref name="value"/> as one JSON document followed by a newline.</summary>
    public static void WriteJson<T>(T value, JsonSerializerOptions? options = null)
    {
        using var stdout = Console.OpenStandardOutput();
        JsonSerializer.Serialize(stdout, value, options ?? Json);
        stdout.WriteByte((byte)'\n');
    }

    /// <summary>Prints each problem on its own line to stderr and returns <see cref="BadInput"/>.</summary>
    public static int Fail(IEnumerable<string> problems)
    {
        foreach (var p in problems) Console.Error.WriteLine(p);
        return BadInput;
    }

    public static int Fail(string problem) => Fail([problem]);

    /// <summary>Reads all text from a file or stdin ("-"); a missing file is a bad-input problem.</summary>
    public static bool TryReadAllText(string path, out string text, out string? problem)
    {
        problem = null;
        text = "";
        try
        {
            text = path == "-" ? Console.In.ReadToEnd() : File.ReadAllText(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"cannot read '{path}': {e.Message}";
            return false;
        }
    }
}
