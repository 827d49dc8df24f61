using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration;

namespace OrthoRegen;

/// <summary>A configured value with the source that justifies it.</summary>
public sealed record Sourced<T>(T Value, string Source);

/// <summary>
/// The clinic-editable JSON settings files (candidacy-rules.json, treatment-rules.json, release-specs.json,
/// follow-up-schedule.json, safety-rules.json, prescreen-info.json): each ships embedded in Core as the default, and a
/// clinic may point a configuration key at its own copy. One reader for all of them, so they share one dialect:
/// comments and trailing commas allowed, and a field the file's type does not know is an error (a misspelt threshold
/// must not be silently ignored).
/// </summary>
public static class SettingsFile
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The text of a settings file embedded in Core (its logical name, e.g. <c>Safety/safety-rules.json</c>).</summary>
    public static string Embedded(string name)
    {
        using var stream = typeof(SettingsFile).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded settings file {name} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// The settings named by configuration key <paramref name="key"/> (a file path) parsed by <paramref name="parse"/>,
    /// or <paramref name="defaults"/> when the key is unset. A missing or invalid file stops start-up with the key, the
    /// path and the reason.
    /// </summary>
    public static T Load<T>(IConfiguration configuration, string key, T defaults, Func<string, T> parse)
    {
        var path = configuration[key];
        if (string.IsNullOrWhiteSpace(path)) return defaults;
        try { return parse(File.ReadAllText(path)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException)
        {
            throw new InvalidOperationException($"{key}: the file '{path}' cannot be used: {e.Message}", e);
        }
    }
}
