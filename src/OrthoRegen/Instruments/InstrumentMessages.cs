using System.Globalization;

namespace OrthoRegen.Instruments;

/// <summary>Every message the instruments slice shows a person, in one place so tests can assert on them.</summary>
public static class InstrumentMessages
{
    static string N(decimal d) => d.ToString("0.####", CultureInfo.InvariantCulture);

    public static string UnknownInstrument(string code, IEnumerable<string> known) =>
        $"Unknown instrument '{code}'; use one of {string.Join(", ", known)}.";

    public static string UnknownItem(string code, string instrument) => $"Item {code} is not part of {instrument}.";

    public static string NotANumber(string code, Answer given) => $"Answer to item {code} must be a number, not {given.Describe()}.";

    public static string NotYesNo(string code, Answer given) => $"Answer to item {code} must be true or false, not {given.Describe()}.";

    public static string NotWhole(string code, AnswerScale.Choice scale) =>
        $"Answer to item {code} must be a whole number {Allowed(scale)}.";

    public static string NotInSet(string code, AnswerScale.Choice scale) => $"Answer to item {code} must be {Allowed(scale)}.";

    public static string OutOfRange(string code, AnswerScale.Quantity scale) =>
        $"Answer to item {code} must be between {N(scale.Min)} and {N(scale.Max)} {scale.Unit}.";

    /// <summary>"0–4" for a contiguous run of whole numbers, otherwise "one of 0, 2, 5, 10".</summary>
    static string Allowed(AnswerScale.Choice scale)
    {
        var values = scale.Options.Select(o => o.Value).Order().ToList();
        var contiguous = scale.WholeNumbers && values.Count > 2 && values[^1] - values[0] == values.Count - 1;
        var numbers = contiguous ? $"{N(values[0])}–{N(values[^1])}" : "one of " + string.Join(", ", values.Select(N));
        return scale.CodedOptions.Count == 0 ? numbers : $"{numbers} or {string.Join(" or ", scale.CodedOptions.Select(c => c.Code))}";
    }

    public static string NotACode(string code, AnswerScale.Coded scale) =>
        $"Answer to item {code} must be one of {string.Join(", ", scale.Options.Select(o => o.Code))}.";

    public static string UnknownOption(string name, InstrumentDefinition d) =>
        d.Options.Count == 0 && d.Populations.Count == 0
            ? $"{d.Code} has no option '{name}'."
            : $"{d.Code} has no option '{name}'; options are {string.Join(", ", d.Options.Select(o => o.Name).Concat(d.Populations.Count > 0 ? [ScoringOptions.PopulationOption] : []))}.";

    public static string OptionChoice(string name, IEnumerable<string> values) =>
        $"Option {name} must be one of {string.Join(", ", values.Select(v => $"\"{v}\""))}.";

    public static string OptionWhole(string name, int min, int max) => $"Option {name} must be a whole number from {min} to {max}.";

    public static string OptionFields(string name, IEnumerable<string> fields) =>
        $"Option {name} must be an object with whole-number fields {string.Join(", ", fields)}.";

    public static string NotAnObject(string what) => $"{what} must be a JSON object.";

    public static string ItemTwice(string code) => $"Item {code} is given more than once.";

    public static string NotJson(string detail) => $"Input is not JSON: {detail}";

    public static string NotJsonLine(long line, string detail) => $"Line {line} is not JSON: {detail}";

    public static string NotRequestShape => "Input must be a request object or an array of request objects.";

    public static string WordingVersion(string code, string given, string current) =>
        $"Wording is for {code} version {given}, but the definition is version {current}.";

    public static string WordingEmpty(string field) => $"{field} is required and must be non-empty text.";

    public static string WordingOption(string item, string option) => $"Item {item} has no answer option {option}.";

    public static string MissingInstrument => "Request must name an instrument, e.g. \"instrument\": \"KOOS\".";

    public static string UnknownRequestField(string name) =>
        $"Request field '{name}' is not known; use instrument, items, options and baseline.";

    public static string VasBothUnits => "Give the VAS either in millimetres (vas_mm) or in centimetres (vas_cm), not both.";

    public static string RomBothWays => "Give either the five range-of-motion angles or rom_points, not both.";

    // ---- score reasons ---------------------------------------------------------------------------------------------

    public static string TooFewAnswered(int answered, int needed, int of) =>
        $"Only {answered} of {of} items answered; at least {needed} are needed.";

    public static string AllRequired(int answered, int of) => $"All {of} items are needed; {answered} answered.";

    public static string DependsOnInvalid(string scores) => $"Not scored because {scores} could not be scored.";

    public static string VasMissing => "No VAS answer: give vas_mm or vas_cm.";

    public static string RomMissing(int answered) =>
        $"Range of motion needs all five angles or rom_points; {answered} of 5 angles given.";

    public static string RelativeUndefined => "Relative change is undefined when the baseline is 0.";

    public static string ResponderUndetermined(string domain) =>
        $"Responder status cannot be determined: {domain} at baseline and follow-up is needed.";

    public static string ResponderReason(bool high, int moderateDomains, int needed) => high
        ? "High improvement in pain or function (criterion 1)."
        : moderateDomains >= needed
            ? $"Improvement in {moderateDomains} of pain, function and global (criterion 2)."
            : $"Improvement in {moderateDomains} of pain, function and global; criterion 2 needs {needed}: not a responder.";

    public static string BaselineMissing => "Baseline and follow-up are both needed.";
}
