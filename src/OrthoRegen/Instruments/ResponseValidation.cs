namespace OrthoRegen.Instruments;

/// <summary>
/// Item-level validation derived from the definition (INSTRUMENTS.md "Rejected input"): unknown item code, wrong
/// type, non-integer where the options are whole numbers, or a value outside the option set or range.
/// Missing answers (null or absent) are never an error here; the scoring rules decide what missing means.
/// </summary>
public static class ResponseValidation
{
    /// <summary>Adds one <see cref="ItemError"/> per bad item to <paramref name="errors"/>; field names get
    /// <paramref name="prefix"/> (e.g. "baseline.").</summary>
    public static void CheckItems(InstrumentDefinition definition, IReadOnlyDictionary<string, Answer> items, string prefix, List<ItemError> errors)
    {
        if (items is Dictionary<string, Answer> concrete)
        {
            foreach (var (code, answer) in concrete) CheckItem(definition, code, answer, prefix, errors); // struct enumerator: the batch path
            return;
        }
        foreach (var (code, answer) in items) CheckItem(definition, code, answer, prefix, errors);
    }

    static void CheckItem(InstrumentDefinition definition, string code, Answer answer, string prefix, List<ItemError> errors)
    {
        var item = definition.Item(code);
        if (item is null)
        {
            errors.Add(new ItemError(prefix + code, InstrumentMessages.UnknownItem(code, definition.Code)));
            return;
        }
        if (answer.IsMissing) return;
        var problem = Check(item, answer);
        if (problem is not null) errors.Add(new ItemError(prefix + code, problem));
    }

    /// <summary>The message for a bad answer to <paramref name="item"/>, or null when it is allowed.</summary>
    public static string? Check(ItemDefinition item, Answer answer)
    {
        switch (item.Scale)
        {
            case AnswerScale.Choice choice:
                if (answer.Kind == AnswerKind.Text && choice.ContainsCode(answer.Text)) return null;
                if (answer.Kind != AnswerKind.Number)
                    return choice.CodedOptions.Count > 0 ? InstrumentMessages.NotInSet(item.Code, choice) : InstrumentMessages.NotANumber(item.Code, answer);
                if (choice.WholeNumbers && answer.Number != decimal.Truncate(answer.Number)) return InstrumentMessages.NotWhole(item.Code, choice);
                return choice.Contains(answer.Number) ? null : InstrumentMessages.NotInSet(item.Code, choice);
            case AnswerScale.Quantity q:
                if (answer.Kind != AnswerKind.Number) return InstrumentMessages.NotANumber(item.Code, answer);
                return answer.Number < q.Min || answer.Number > q.Max ? InstrumentMessages.OutOfRange(item.Code, q) : null;
            case AnswerScale.Coded coded:
                return answer.Kind == AnswerKind.Text && coded.Contains(answer.Text) ? null : InstrumentMessages.NotACode(item.Code, coded);
            case AnswerScale.YesNo:
                return answer.Kind == AnswerKind.Boolean ? null : InstrumentMessages.NotYesNo(item.Code, answer);
            default:
                throw new ArgumentException($"Unknown scale {item.Scale.GetType().Name} on item {item.Code}.", nameof(item));
        }
    }
}
