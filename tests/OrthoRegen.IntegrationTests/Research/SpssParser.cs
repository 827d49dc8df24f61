using System.Text;
using System.Text.RegularExpressions;

namespace OrthoRegen.IntegrationTests.Research;

/// <summary>
/// A strict reader for the SPSS syntax subset the export writes (IBM SPSS Statistics Command Syntax Reference: GET DATA
/// /TYPE=TXT, VARIABLE LABELS, VALUE LABELS, MISSING VALUES, EXECUTE). Commands end with a period at the end of a line;
/// strings are quoted with ' or " and a doubled quote escapes itself; comments are lines starting with '*'. It throws on
/// anything outside that subset: an unknown command or subcommand, an unterminated string, a variable named that GET
/// DATA did not declare, an invalid variable name or format.
/// </summary>
public sealed partial class SpssParser
{
    public sealed record SpssCommand(string Name, List<string> Tokens);
    public sealed record SpssVariable(string Name, string Format);

    public List<SpssCommand> Commands { get; } = [];
    public List<SpssVariable> Variables { get; } = [];
    public string? File { get; private set; }
    public List<string> Labelled { get; } = [];
    public Dictionary<string, HashSet<string>> ValueLabels { get; } = [];
    public IEnumerable<string> ValueLabelled => ValueLabels.Keys;

    public static SpssParser Parse(string text)
    {
        var parser = new SpssParser();
        var current = new StringBuilder();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (current.Length == 0 && line.TrimStart().StartsWith('*')) { if (!line.TrimEnd().EndsWith('.')) throw new FormatException($"Comment not ended by '.': {line}"); continue; }
            if (line.Trim().Length == 0) continue;
            current.Append(line).Append('\n');
            var tokens = Tokenise(current.ToString(), out var endsWithPeriod);
            if (!endsWithPeriod) continue;
            parser.Accept(tokens);
            current.Clear();
        }
        if (current.Length > 0) throw new FormatException("The last command is not ended by a period.");
        return parser;
    }

    static readonly string[] Known = ["GET DATA", "VARIABLE LABELS", "VALUE LABELS", "MISSING VALUES", "EXECUTE"];

    void Accept(List<string> tokens)
    {
        var name = Known.FirstOrDefault(k => string.Join(" ", tokens.Take(k.Split(' ').Length)).Equals(k, StringComparison.OrdinalIgnoreCase))
            ?? throw new FormatException($"Unknown command: {string.Join(" ", tokens.Take(3))}");
        var rest = tokens.Skip(name.Split(' ').Length).ToList();
        Commands.Add(new SpssCommand(name, rest));
        switch (name)
        {
            case "GET DATA": GetData(rest); break;
            case "VARIABLE LABELS":
                foreach (var part in Split(rest))
                {
                    if (part.Count != 2 || !IsString(part[1])) throw new FormatException($"VARIABLE LABELS wants 'name label': {string.Join(" ", part)}");
                    Labelled.Add(Declared(part[0]));
                }
                break;
            case "VALUE LABELS":
                foreach (var part in Split(rest))
                {
                    var v = Declared(part[0]);
                    if (part.Count < 3 || (part.Count - 1) % 2 != 0 || part.Skip(1).Any(t => !IsString(t))) throw new FormatException($"VALUE LABELS of {v} wants value/label pairs");
                    ValueLabels[v] = part.Skip(1).Where((_, i) => i % 2 == 0).Select(Unquote).ToHashSet();
                }
                break;
            case "MISSING VALUES":
                var open = rest.IndexOf("(");
                if (open < 1 || rest[^1] != ")") throw new FormatException("MISSING VALUES wants 'names (values)'");
                foreach (var v in rest.Take(open)) Declared(v);
                break;
            case "EXECUTE":
                if (rest.Count != 0) throw new FormatException("EXECUTE takes nothing");
                break;
        }
    }

    void GetData(List<string> rest)
    {
        foreach (var sub in Split(rest))
        {
            var key = sub[0].ToUpperInvariant();
            if (sub.Count < 3 || sub[1] != "=") throw new FormatException($"GET DATA /{key} wants '='");
            var value = sub.Skip(2).ToList();
            switch (key)
            {
                case "TYPE": if (value is not ["TXT"]) throw new FormatException("/TYPE must be TXT"); break;
                case "FILE": File = IsString(value.Single()) ? Unquote(value[0]) : throw new FormatException("/FILE wants a string"); break;
                case "ENCODING" or "DELIMITERS" or "QUALIFIER": if (!IsString(value.Single())) throw new FormatException($"/{key} wants a string"); break;
                case "ARRANGEMENT": if (value is not ["DELIMITED"]) throw new FormatException("/ARRANGEMENT must be DELIMITED"); break;
                case "FIRSTCASE": if (!int.TryParse(value.Single(), out _)) throw new FormatException("/FIRSTCASE wants a number"); break;
                case "VARIABLES":
                    if (value.Count % 2 != 0) throw new FormatException("/VARIABLES wants name/format pairs");
                    for (var i = 0; i < value.Count; i += 2)
                    {
                        if (!Name().IsMatch(value[i]) || value[i].Length > 64) throw new FormatException($"Bad variable name {value[i]}");
                        if (!Format().IsMatch(value[i + 1])) throw new FormatException($"Bad format {value[i + 1]} for {value[i]}");
                        if (Variables.Any(v => v.Name.Equals(value[i], StringComparison.OrdinalIgnoreCase))) throw new FormatException($"{value[i]} declared twice");
                        Variables.Add(new SpssVariable(value[i], value[i + 1]));
                    }
                    break;
                default: throw new FormatException($"Unknown GET DATA subcommand /{key}");
            }
        }
    }

    string Declared(string name) =>
        Variables.Any(v => v.Name == name) ? name : throw new FormatException($"{name} is not a variable GET DATA declared");

    static List<List<string>> Split(List<string> tokens)
    {
        var parts = new List<List<string>>();
        var current = new List<string>();
        foreach (var t in tokens)
        {
            if (t == "/") { if (current.Count > 0) parts.Add(current); current = []; continue; }
            current.Add(t);
        }
        if (current.Count > 0) parts.Add(current);
        return parts;
    }

    static bool IsString(string t) => t.Length >= 2 && (t[0] == '\'' || t[0] == '"') && t[^1] == t[0];
    static string Unquote(string t) => t[1..^1].Replace(new string(t[0], 2), t[0].ToString());

    /// <summary>Tokens: quoted strings, '/', '=', '(', ')', and words; a final '.' at the end ends the command.</summary>
    static List<string> Tokenise(string text, out bool endsWithPeriod)
    {
        var tokens = new List<string>();
        var i = 0;
        endsWithPeriod = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c is '\'' or '"')
            {
                var j = i + 1;
                while (true)
                {
                    if (j >= text.Length || text[j] == '\n') throw new FormatException($"Unterminated string at: {text[i..Math.Min(text.Length, i + 40)]}");
                    if (text[j] == c) { if (j + 1 < text.Length && text[j + 1] == c) { j += 2; continue; } break; }
                    j++;
                }
                tokens.Add(text[i..(j + 1)]);
                i = j + 1;
                continue;
            }
            if (c is '/' or '=' or '(' or ')') { tokens.Add(c.ToString()); i++; continue; }
            if (c == '.' && text[(i + 1)..].Trim().Length == 0) { endsWithPeriod = true; i++; continue; }
            var k = i;
            while (k < text.Length && !char.IsWhiteSpace(text[k]) && text[k] is not ('/' or '=' or '(' or ')' or '\'' or '"')) k++;
            var word = text[i..k];
            if (word.EndsWith('.') && text[k..].Trim().Length == 0) { word = word[..^1]; endsWithPeriod = true; }
            if (word.Length > 0) tokens.Add(word);
            i = k;
        }
        return tokens;
    }

    [GeneratedRegex(@"^[A-Za-z@#$][A-Za-z0-9_.@#$]*$")] private static partial Regex Name();
    [GeneratedRegex(@"^(A\d{1,5}|F\d{1,2}\.\d{1,2})$")] private static partial Regex Format();
}
