using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace OrthoRegen.Outcomes;

/// <summary>
/// When the clinic has enough data to show a candidate a model's predicted chance of reaching the minimal important
/// change, and what "similar past patients" means. Configuration key <c>Outcomes:OutlookFile</c> points at a clinic's own
/// copy of <see cref="DefaultJson"/> (same dialect as every settings file: comments allowed, unknown fields refused).
/// </summary>
public sealed record OutlookSettings
{
    public const string ConfigurationKey = "Outcomes:OutlookFile";

    public string? Description { get; init; }
    /// <summary>Fewest patients with a baseline and a 12-month score before a model is shown.</summary>
    public required Sourced<int> MinPatients { get; init; }
    /// <summary>Fewest events per model variable (the smaller of responders and non-responders, divided by the number of terms).</summary>
    public required Sourced<double> MinEventsPerVariable { get; init; }
    /// <summary>Half-width of the age band of similar patients, in years (candidate's age ± this).</summary>
    public required Sourced<int> AgeBandYears { get; init; }
    /// <summary>KL grade bands; similar patients share the candidate's band.</summary>
    public required Sourced<int[][]> KlGradeBands { get; init; }

    /// <summary>[DESIGN] defaults: 10 events per variable is the usual rule of thumb for logistic models.</summary>
    public const string DefaultJson = """
        {
          "description": "Candidate outlook: when a prediction is shown, and who counts as a similar past patient.",
          "minPatients": { "value": 40, "source": "[DESIGN] clinic default; raise it for a stricter display rule" },
          "minEventsPerVariable": { "value": 10, "source": "Peduzzi P et al. J Clin Epidemiol 1996;49:1373-9 (10 events per variable)" },
          "ageBandYears": { "value": 10, "source": "[DESIGN] candidate's age ± 10 years" },
          "klGradeBands": { "value": [[0, 1], [2, 3], [4]], "source": "[DESIGN] doubtful, mild-moderate (DOMAIN.md 3.1 C1 eligible grades), severe" }
        }
        """;

    public static OutlookSettings Default { get; } = Parse(DefaultJson);

    public static OutlookSettings Parse(string json)
    {
        var s = JsonSerializer.Deserialize<OutlookSettings>(json, SettingsFile.Json) ?? throw new InvalidOperationException("Outlook settings file is empty.");
        if (s.MinPatients.Value < 2) throw new InvalidOperationException("minPatients must be at least 2.");
        if (!(s.MinEventsPerVariable.Value > 0)) throw new InvalidOperationException("minEventsPerVariable must be positive.");
        if (s.AgeBandYears.Value < 0) throw new InvalidOperationException("ageBandYears must not be negative.");
        var grades = s.KlGradeBands.Value.SelectMany(b => b).ToList();
        if (grades.Any(g => g is < 0 or > 4) || grades.Distinct().Count() != grades.Count)
            throw new InvalidOperationException("klGradeBands must list KL grades 0-4, each at most once.");
        return s;
    }

    public static OutlookSettings Load(IConfiguration configuration) => SettingsFile.Load(configuration, ConfigurationKey, Default, Parse);

    /// <summary>The band containing <paramref name="kl"/>, or null when the grade is in no band.</summary>
    public int[]? BandOf(int kl) => KlGradeBands.Value.FirstOrDefault(b => b.Contains(kl));
}
