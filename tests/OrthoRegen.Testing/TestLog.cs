using Microsoft.Extensions.Logging;

namespace OrthoRegen.Testing;

/// <summary>
/// Test-run logging for the "no patient data in logs" check: when <c>ORTHOREGEN_TEST_LOG_DIR</c> is set (test.sh sets
/// it), every test server writes its log (Information and above) to a file there, and the helpers that seed patients
/// append each identifier they seed to <c>seeded.txt</c>; tools/scan-logs.py then looks for those identifiers in the logs.
/// </summary>
public static class TestLog
{
    public const string DirectoryVariable = "ORTHOREGEN_TEST_LOG_DIR";
    static readonly Lock Gate = new();

    public static string? Directory => Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } d ? d : null;

    /// <summary>A new log file path for one server, or null when the run does not collect logs.</summary>
    public static string? NewServerLogFile() =>
        Directory is { } d ? Path.Combine(d, $"server-{Environment.ProcessId}-{Guid.NewGuid():N}.log") : null;

    /// <summary>Appends seeded identifiers (names, phone numbers, e-mail addresses, record and national numbers), one a line.</summary>
    public static void RecordSeeded(params string?[] identifiers)
    {
        if (Directory is not { } d) return;
        var lines = identifiers.Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i!.Replace('\n', ' ')).ToList();
        if (lines.Count == 0) return;
        lock (Gate) File.AppendAllLines(Path.Combine(d, "seeded.txt"), lines);
    }
}

/// <summary>Writes log entries of Information and above to one file (a line each, exceptions included).</summary>
public sealed class FileLoggerProvider(string path) : ILoggerProvider
{
    readonly StreamWriter _writer = new(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
    readonly Lock _gate = new();

    public string Path => path;

    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

    void Write(string line)
    {
        lock (_gate) _writer.WriteLine(line);
    }

    public void Dispose()
    {
        lock (_gate) _writer.Dispose();
    }

    sealed class FileLogger(FileLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            try { owner.Write($"{logLevel} {category}[{eventId.Id}]: {formatter(state, exception)}{(exception is null ? "" : " " + exception)}"); }
            catch (ObjectDisposedException) { } // a late entry after the server stopped
        }
    }
}
