using System.Text.Json;
using OrthoRegen.Instruments.Isncsci;

namespace OrthoRegen.Tests.Instruments.Isncsci;

/// <summary>Item codes and the request reader (INSTRUMENTS.md, "Item codes and request format" and "Common conventions").</summary>
public class IsncsciItemsTests
{
    static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Fact]
    public void Codes_ListEveryItemOnce_InFormOrder()
    {
        // Per side: 10 key muscles + 28 light touch + 28 pin prick = 66; two sides 132; VAC, DAP, R_NKM, L_NKM → 136.
        var codes = IsncsciItems.Codes;

        Assert.Equal(136, codes.Count);
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.Equal(["R_M_C5", "R_M_C6", "R_M_C7", "R_M_C8", "R_M_T1", "R_M_L2", "R_M_L3", "R_M_L4", "R_M_L5", "R_M_S1", "R_LT_C2"], codes.Take(11));
        Assert.Equal(["R_LT_S4_5", "R_PP_C2"], codes.Skip(37).Take(2));
        Assert.Equal(["L_PP_S4_5", "VAC", "DAP", "R_NKM", "L_NKM"], codes.TakeLast(5));
    }

    [Fact]
    public void Parse_IntactExam_ReadsEveryValue()
    {
        var parse = IsncsciItems.Parse(ExamBuilder.Intact().Set("R_NKM", "L3").Items());

        Assert.Empty(parse.Errors);
        var exam = parse.Exam!;
        Assert.All(exam.Right.LightTouch, v => Assert.Equal(2, v!.Value.Grade));
        Assert.All(exam.Left.Motor, v => Assert.Equal(5, v!.Value.Grade));
        Assert.Equal((true, true, "L3", (string?)null), (exam.Vac, exam.Dap, exam.Right.LowestNonKeyMuscle, exam.Left.LowestNonKeyMuscle));
    }

    [Theory]
    [InlineData("R_M_C5", "3.0", 3)]   // a whole number written with a decimal point is that whole number
    [InlineData("L_LT_S4_5", "0", 0)]  // lowest sensory grade
    [InlineData("L_M_S1", "0", 0)]     // lowest motor grade
    public void Parse_WholeNumberInRange_IsAccepted(string code, string json, int grade)
    {
        var exam = IsncsciItems.Parse(ExamBuilder.Intact().Items().With(code, Json(json))).Exam!;

        var value = code switch
        {
            "R_M_C5" => exam.Right.Motor[0],
            "L_LT_S4_5" => exam.Left.LightTouch[27],
            _ => exam.Left.Motor[9],
        };
        Assert.Equal(grade, value!.Value.Grade);
    }

    [Fact]
    public void Parse_NotTestable_IsReadAsNT()
    {
        var exam = IsncsciItems.Parse(ExamBuilder.Intact().Set("L_PP_T4", "NT").Set("R_M_L2", "NT").Items()).Exam!;

        Assert.True(exam.Left.PinPrick[10]!.Value.IsNotTestable);  // C2 = 0 … C8 = 6, T1 = 7 … T4 = 10
        Assert.True(exam.Right.Motor[5]!.Value.IsNotTestable);     // C5 = 0 … L2 = 5
    }

    [Fact]
    public void Parse_NullAndAbsent_AreMissingNotRejected()
    {
        var parse = IsncsciItems.Parse(ExamBuilder.Intact().Set("R_LT_C2", null).Without("DAP").Items());

        Assert.Empty(parse.Errors);
        Assert.Null(parse.Exam!.Right.LightTouch[0]);
        Assert.Null(parse.Exam.Dap);
    }

    [Theory]
    [InlineData("R_M_C5", "\"5\"", "R_M_C5 must be 0–5 or NT")]                 // a number sent as text
    [InlineData("R_M_C5", "6", "R_M_C5 must be 0–5 or NT")]                     // above the motor scale
    [InlineData("R_M_S1", "-1", "R_M_S1 must be 0–5 or NT")]                    // negative
    [InlineData("L_M_L3", "2.5", "L_M_L3 must be 0–5 or NT")]                   // not a whole number
    [InlineData("L_M_T1", "true", "L_M_T1 must be 0–5 or NT")]                  // boolean where a grade is due
    [InlineData("R_LT_C2", "3", "R_LT_C2 must be 0–2 or NT")]                   // a motor-range value on a sensory item
    [InlineData("R_PP_T10", "\"nt\"", "R_PP_T10 must be 0–2 or NT")]            // only "NT" as written on the worksheet
    [InlineData("L_PP_S4_5", "[2]", "L_PP_S4_5 must be 0–2 or NT")]             // an array
    [InlineData("L_LT_L1", "{}", "L_LT_L1 must be 0–2 or NT")]                  // an object
    [InlineData("R_M_C5", "\"5*\"",                                              // 2019 '*' variant, not implemented
        "R_M_C5 must be 0–5 or NT; the 2019 '*' mark (impairment not due to SCI) is not supported")]
    [InlineData("L_LT_T4", "\"NT*\"",                                            // NT* is a '*' variant too
        "L_LT_T4 must be 0–2 or NT; the 2019 '*' mark (impairment not due to SCI) is not supported")]
    [InlineData("VAC", "\"yes\"", "VAC must be true or false")]                  // text where a boolean is due
    [InlineData("DAP", "1", "DAP must be true or false")]                        // number where a boolean is due
    [InlineData("VAC", "\"NT\"", "VAC must be true or false")]                   // VAC/DAP are booleans only
    [InlineData("R_NKM", "\"C4\"",                                               // C4 has no key muscle
        "R_NKM must be one of C5, C6, C7, C8, T1, L2, L3, L4, L5, S1, or null when no non-key muscle was recorded")]
    [InlineData("L_NKM", "5",                                                    // a number instead of a myotome
        "L_NKM must be one of C5, C6, C7, C8, T1, L2, L3, L4, L5, S1, or null when no non-key muscle was recorded")]
    public void Parse_ValueOutsideItsSet_IsRejectedWithOneMessage(string code, string json, string message)
    {
        var parse = IsncsciItems.Parse(ExamBuilder.Intact().Items().With(code, Json(json)));

        Assert.Null(parse.Exam);
        Assert.Equal([new IsncsciItemError(code, message)], parse.Errors);
    }

    [Theory]
    [InlineData("R_M_C4")]     // there is no key muscle at C4
    [InlineData("L_M_T2")]     // nor in the thoracic cord below T1
    [InlineData("R_LT_C1")]    // sensation is tested from C2
    [InlineData("R_PP_S4")]    // S4 and S5 are one point, S4_5
    [InlineData("r_m_c5")]     // codes are case-sensitive
    [InlineData("P1")]         // an item of another instrument
    public void Parse_UnknownItem_IsRejected(string code)
    {
        var parse = IsncsciItems.Parse(ExamBuilder.Intact().Set(code, 2).Items());

        Assert.Null(parse.Exam);
        Assert.Equal([new IsncsciItemError(code, $"{code} is not an ISNCSCI item")], parse.Errors);
    }

    [Fact]
    public void Parse_SeveralBadItems_GivesOneMessageEachAndNoExam()
    {
        var items = ExamBuilder.Intact().Set("R_M_C5", 7).Set("L_LT_C2", "2").Set("VAC", "no").Set("ZZ", 1).Items();

        var parse = IsncsciItems.Parse(items);

        Assert.Null(parse.Exam);
        Assert.Equal(["R_M_C5", "L_LT_C2", "VAC", "ZZ"], parse.Errors.Select(e => e.Item));
    }
}

internal static class ItemsExtensions
{
    /// <summary>A copy of the items with one raw JSON value replaced.</summary>
    public static IReadOnlyDictionary<string, JsonElement> With(this IReadOnlyDictionary<string, JsonElement> items, string code, JsonElement value) =>
        new Dictionary<string, JsonElement>(items, StringComparer.Ordinal) { [code] = value };
}
