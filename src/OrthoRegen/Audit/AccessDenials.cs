namespace OrthoRegen.Audit;

/// <summary>
/// The patients a request was refused because they belong to a site the caller does not work at. Stores answer such a
/// patient exactly like a missing one (null, NotFound), so the refusal is noted here instead of being returned; the web
/// host opens one collector per request (<see cref="Begin"/>) and, once the response is decided, appends one DENIED
/// audit row per hidden patient with the route and the status that was sent. Outside a request (CLI, store tests) there
/// is no collector and <see cref="Current"/> is null.
/// </summary>
/// <remarks>
/// An ambient (async-local) collector rather than a scoped service: the stores are singletons, and a note must not
/// cost a database write in the middle of a caller's transaction (on SQLite a second writer would wait for the first).
/// </remarks>
public sealed class AccessDenials
{
    static readonly AsyncLocal<AccessDenials?> Ambient = new();
    readonly Lock _gate = new();
    readonly List<string> _hiddenPatients = [];

    /// <summary>The collector of the current request, or null outside one.</summary>
    public static AccessDenials? Current => Ambient.Value;

    /// <summary>Starts collecting for the current asynchronous flow (one web request).</summary>
    public static AccessDenials Begin() => Ambient.Value = new AccessDenials();

    /// <summary>Notes that <paramref name="patientId"/> exists but was hidden from the caller (another site).</summary>
    public void HidPatient(string patientId)
    {
        lock (_gate) if (!_hiddenPatients.Contains(patientId, StringComparer.Ordinal)) _hiddenPatients.Add(patientId);
    }

    /// <summary>Distinct hidden patients in the order they were first refused.</summary>
    public IReadOnlyList<string> HiddenPatients
    {
        get { lock (_gate) return [.. _hiddenPatients]; }
    }
}
