using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.Instruments;
using OrthoRegen.Patients;

namespace OrthoRegen.Interop.Csv;

/// <summary>The two CSV layouts <c>orthoregen import csv</c> reads.</summary>
public enum CsvImportKind { Patients, Responses }

/// <summary>One problem of a row: the file line (header = line 1), the column and the message.</summary>
public sealed record CsvRowProblem(int Line, string Column, string Message);

/// <summary>One row's fate: accepted (and, unless a dry run, stored as <see cref="RecordId"/>) or refused with its problems.</summary>
/// <param name="AlreadyImported">The same row (same layout, same cells) was imported before: nothing was written again.</param>
public sealed record CsvRowOutcome(int Line, bool Accepted, string? RecordId, IReadOnlyList<CsvRowProblem> Problems, bool AlreadyImported = false);

public sealed record CsvImportReport(bool DryRun, IReadOnlyList<CsvRowOutcome> Rows)
{
    public int Accepted => Rows.Count(r => r.Accepted);
    public int Refused => Rows.Count(r => !r.Accepted);
    public int AlreadyImported => Rows.Count(r => r.AlreadyImported);
}

/// <summary>
/// Imports patients or instrument responses from a documented CSV layout through the normal stores
/// (<see cref="PatientStore.RegisterAsync"/>, <see cref="ResponseStore.SubmitAsync"/>): the same validation, versioning and
/// audit as the forms. Each row is one unit of work, all or nothing; a dry run does the same work and rolls every row
/// back, so it reports exactly what the real run would do. Store problems (camelCase fields) are reported by column.
/// Each imported row leaves an idempotency key (SHA-256 of the layout and its cells by column) in the same transaction,
/// so importing the same file again (after a crash, or by mistake) adds only the rows that are not there yet.
/// </summary>
public sealed class CsvImport(Database database, PatientStore patients, ResponseStore responses, TimeProvider clock)
{
    public const string ItemPrefix = "item:";

    /// <summary>Patients file: one row per patient; family_name, given_name, birth_date, sex and language are required.</summary>
    public static readonly IReadOnlyList<string> PatientColumns =
        ["record_number", "family_name", "given_name", "birth_date", "sex", "language", "national_id", "phone", "email", "site_code", "height_cm", "weight_kg"];

    /// <summary>
    /// Responses file: one row per completed questionnaire; the patient by <c>patient_id</c> or <c>record_number</c>,
    /// then instrument, visit_code, target, completed_on, language, mode, and one <c>item:CODE</c> column per item
    /// (an empty cell is a missing answer).
    /// </summary>
    public static readonly IReadOnlyList<string> ResponseColumns =
        ["patient_id", "record_number", "instrument", "visit_code", "target", "completed_on", "language", "mode"];

    /// <summary>Problems with the header (unknown, missing or duplicate columns); any one means nothing is imported.</summary>
    public static IReadOnlyList<string> CheckHeader(CsvImportKind kind, CsvRecords csv)
    {
        var problems = new List<string>();
        var known = kind == CsvImportKind.Patients ? PatientColumns : ResponseColumns;
        foreach (var h in csv.Header)
            if (!known.Contains(h, StringComparer.Ordinal) && !(kind == CsvImportKind.Responses && h.StartsWith(ItemPrefix, StringComparison.Ordinal) && h.Length > ItemPrefix.Length))
                problems.Add($"column '{h}' is not one of {string.Join(", ", known)}{(kind == CsvImportKind.Responses ? ", item:CODE" : "")}");
        foreach (var d in csv.Header.GroupBy(h => h, StringComparer.Ordinal).Where(g => g.Count() > 1))
            problems.Add($"column '{d.Key}' appears more than once");
        var required = kind == CsvImportKind.Patients ? ["family_name", "given_name", "birth_date", "sex", "language"] : new[] { "instrument", "completed_on" };
        foreach (var r in required.Where(r => !csv.Header.Contains(r, StringComparer.Ordinal))) problems.Add($"column '{r}' is required");
        if (kind == CsvImportKind.Responses && !csv.Header.Contains("patient_id") && !csv.Header.Contains("record_number"))
            problems.Add("column 'patient_id' or 'record_number' is required");
        return problems;
    }

    const string FindKeySql = "SELECT record_id FROM import_row_keys WHERE key = @key";
    const string InsertKeySql = "INSERT INTO import_row_keys (key, kind, record_id, imported_at) VALUES (@key, @kind, @recordId, @at)";

    static string KindName(CsvImportKind kind) => kind == CsvImportKind.Patients ? "csv_patients" : "csv_responses";

    /// <summary>
    /// The row's idempotency key: SHA-256 over the layout and each non-empty cell with its column name, in column-name
    /// order, so reordered columns or surrounding spaces do not make a row new.
    /// </summary>
    public static string RowKey(CsvImportKind kind, IReadOnlyList<string> header, IReadOnlyList<string> fields)
    {
        var b = new StringBuilder(KindName(kind));
        foreach (var (column, i) in header.Select((h, i) => (h, i)).OrderBy(x => x.h, StringComparer.Ordinal))
        {
            var cell = i < fields.Count ? fields[i].Trim() : "";
            if (cell.Length == 0) continue;
            b.Append('\u001e').Append(column).Append('\u001f').Append(cell);
        }
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(b.ToString())));
    }

    public async Task<CsvImportReport> RunAsync(Actor actor, CsvImportKind kind, CsvRecords csv, bool dryRun, IProgress<int>? progress, CancellationToken ct)
    {
        var outcomes = new List<CsvRowOutcome>(csv.Rows.Count);
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < csv.Header.Count; i++) columns.TryAdd(csv.Header[i], i);
        foreach (var (line, fields) in csv.Rows)
        {
            string Cell(string column) => columns.TryGetValue(column, out var i) && i < fields.Count ? fields[i].Trim() : "";
            var problems = new List<CsvRowProblem>();
            var key = RowKey(kind, csv.Header, fields);
            var already = false;
            var id = await database.InUnitOfWorkAsync(async () =>
            {
                await using var c = await database.OpenAsync(ct);
                if (await c.ExecuteScalarAsync<string?>(new CommandDefinition(FindKeySql, new { key }, cancellationToken: ct)) is { } existing)
                {
                    already = true;
                    return (false, existing);
                }
                var stored = kind == CsvImportKind.Patients
                    ? await PatientAsync(actor, line, Cell, problems, ct)
                    : await ResponseAsync(actor, line, csv.Header, Cell, problems, ct);
                if (!dryRun && problems.Count == 0 && stored is not null)
                    await c.ExecuteAsync(new CommandDefinition(InsertKeySql, new { key, kind = KindName(kind), recordId = stored, at = clock.GetUtcNow() }, cancellationToken: ct));
                return (!dryRun && problems.Count == 0, stored);
            }, ct);
            outcomes.Add(new CsvRowOutcome(line, problems.Count == 0, dryRun && !already ? null : id, problems, already));
            progress?.Report(outcomes.Count);
        }
        return new CsvImportReport(dryRun, outcomes);
    }

    async Task<string?> PatientAsync(Actor actor, int line, Func<string, string> cell, List<CsvRowProblem> problems, CancellationToken ct)
    {
        double? Number(string column)
        {
            var s = cell(column);
            if (s.Length == 0) return null;
            if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)) return v;
            problems.Add(new CsvRowProblem(line, column, $"'{s}' is not a number."));
            return null;
        }
        string? Text(string column) => cell(column) is { Length: > 0 } s ? s : null;
        var request = new RegisterPatient
        {
            RecordNumber = Text("record_number"), FamilyName = Text("family_name"), GivenName = Text("given_name"), BirthDate = Text("birth_date"),
            Sex = Text("sex"), Language = Text("language"), NationalId = Text("national_id"), Phone = Text("phone"), Email = Text("email"),
            SiteCode = Text("site_code"), HeightCm = Number("height_cm"), WeightKg = Number("weight_kg"),
        };
        if (problems.Count > 0) return null;
        return Collect(await patients.RegisterAsync(actor, request, ct), line, problems, ColumnOf)?.Id;
    }

    async Task<string?> ResponseAsync(Actor actor, int line, IReadOnlyList<string> header, Func<string, string> cell, List<CsvRowProblem> problems, CancellationToken ct)
    {
        var patientId = await PatientIdAsync(actor, line, cell, problems, ct);
        var items = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var column in header.Where(h => h.StartsWith(ItemPrefix, StringComparison.Ordinal)))
        {
            var s = cell(column);
            if (s.Length == 0) continue;
            items[column[ItemPrefix.Length..]] = decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                ? JsonSerializer.SerializeToElement(d) : JsonSerializer.SerializeToElement(s);
        }
        if (patientId is null) return null;
        string? Text(string column) => cell(column) is { Length: > 0 } s ? s : null;
        var request = new SubmitResponse
        {
            Instrument = Text("instrument"), Items = items, Language = Text("language"), Mode = Text("mode"), VisitCode = Text("visit_code"),
            Target = Text("target"), CompletedOn = Text("completed_on"),
        };
        return Collect(await responses.SubmitAsync(actor, patientId, request, ct), line, problems, ResponseColumnOf)?.Id;
    }

    /// <summary>The patient a response row names (patient_id, else record_number), visible to the actor; else a problem.</summary>
    async Task<string?> PatientIdAsync(Actor actor, int line, Func<string, string> cell, List<CsvRowProblem> problems, CancellationToken ct)
    {
        var id = cell("patient_id");
        var column = "patient_id";
        if (id.Length == 0)
        {
            column = "record_number";
            var number = cell("record_number");
            if (number.Length == 0) { problems.Add(new CsvRowProblem(line, "patient_id", "patient_id or record_number is required.")); return null; }
            await using var c = await database.OpenAsync(ct);
            var args = new DynamicParameters(new { number });
            var sites = actor.AllSites ? "" : " AND " + SqlList.In("p.site_id", actor.SiteIds, args, "site");
            var found = (await c.QueryAsync<string>(new CommandDefinition($"""
                SELECT p.id FROM patients p
                JOIN record_heads h ON h.id = p.id
                JOIN patient_versions v ON v.id = h.id AND v.version = h.current_version
                WHERE v.record_number = @number AND NOT v.entered_in_error{sites}
                """, args, cancellationToken: ct))).ToList();
            if (found.Count > 1) { problems.Add(new CsvRowProblem(line, column, $"record number '{number}' matches {found.Count} patients; use patient_id.")); return null; }
            id = found.FirstOrDefault() ?? "";
            if (id.Length == 0) { problems.Add(new CsvRowProblem(line, column, $"no patient with record number '{number}'.")); return null; }
        }
        if (!Ids.LooksValid(id) || await patients.LoadAsync(actor, id, ct) is null)
        {
            problems.Add(new CsvRowProblem(line, column, $"no patient '{id}'."));
            return null;
        }
        return id;
    }

    static T? Collect<T>(Outcome<T> outcome, int line, List<CsvRowProblem> problems, Func<string, string> columnOf) where T : class
    {
        switch (outcome)
        {
            case Outcome<T>.Done d: return d.Value;
            case Outcome<T>.Invalid i:
                foreach (var (field, messages) in i.Errors) foreach (var m in messages) problems.Add(new CsvRowProblem(line, columnOf(field), m));
                return null;
            case Outcome<T>.Conflict c:
                problems.Add(new CsvRowProblem(line, "", c.Detail));
                return null;
            default:
                problems.Add(new CsvRowProblem(line, "", "not found"));
                return null;
        }
    }

    /// <summary>A response field's column: the request's own fields by name, anything else is an item code (scoring errors).</summary>
    public static string ResponseColumnOf(string field) =>
        ResponseColumns.Contains(ColumnOf(field), StringComparer.Ordinal) ? ColumnOf(field) : field.StartsWith("items.", StringComparison.Ordinal) ? ColumnOf(field) : ItemPrefix + field;

    /// <summary>The CSV column a store field stands for: <c>familyName</c> → <c>family_name</c>, <c>items.nrs</c> → <c>item:nrs</c>.</summary>
    public static string ColumnOf(string field)
    {
        if (field.StartsWith("items.", StringComparison.Ordinal)) return ItemPrefix + field["items.".Length..];
        if (field == "items") return "item:*";
        if (field == "siteCode") return "site_code";
        var b = new StringBuilder(field.Length + 4);
        foreach (var ch in field)
        {
            if (char.IsUpper(ch)) { b.Append('_').Append(char.ToLowerInvariant(ch)); }
            else b.Append(ch);
        }
        return b.ToString();
    }
}
