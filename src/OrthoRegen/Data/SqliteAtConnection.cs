using Microsoft.Data.Sqlite;

namespace OrthoRegen.Data;

/// <summary>
/// The SQLite connection <see cref="Database"/> opens: its commands give every parameter the "@" the SQL writes.
/// Dapper names parameters without it ("Id" for <c>@Id</c>). Microsoft.Data.Sqlite then looks an unprefixed name up in
/// each statement of a command four times (as given, then with "@", "$" and ":", all three to refuse an ambiguous
/// name), converting it to UTF-8 each time; with the prefix it looks once. That lookup was 8 % of a questionnaire
/// submission's server CPU (three statements, 34 parameters; bench/README.md, "Round 18").
/// </summary>
internal sealed class SqliteAtConnection(string connectionString) : SqliteConnection(connectionString)
{
    /// <summary>As the base class makes it (timeout, the pending transaction), with "@"-named parameters.</summary>
    public override SqliteCommand CreateCommand() =>
        new AtCommand { Connection = this, CommandTimeout = DefaultTimeout, Transaction = Transaction };

    sealed class AtCommand : SqliteCommand
    {
        public override SqliteParameter CreateParameter() => new AtParameter();
    }

    sealed class AtParameter : SqliteParameter
    {
        /// <summary>"@" put before a name that has none of SQLite's prefixes (@, $, :); an empty name stays empty.</summary>
        [System.Diagnostics.CodeAnalysis.AllowNull]
        public override string ParameterName
        {
            get => base.ParameterName;
            set => base.ParameterName = value is { Length: > 0 } && value[0] is not ('@' or '$' or ':') ? "@" + value : value;
        }
    }
}
