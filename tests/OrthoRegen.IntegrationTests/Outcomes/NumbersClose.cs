using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OrthoRegen.IntegrationTests.Outcomes;

/// <summary>
/// Compares two results through their JSON form: the same shape, the same strings, booleans, nulls and counts, and every
/// non-integer number equal to a relative 1e-12 (the aggregated paths sum the same values in another order).
/// </summary>
public static class NumbersClose
{
    public const double Tolerance = 1e-12;

    static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, Converters = { new MatrixJson() } };

    sealed class MatrixJson : JsonConverter<double[,]>
    {
        public override double[,] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();
        public override void Write(Utf8JsonWriter writer, double[,] value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            for (var i = 0; i < value.GetLength(0); i++)
            {
                writer.WriteStartArray();
                for (var j = 0; j < value.GetLength(1); j++) writer.WriteNumberValue(value[i, j]);
                writer.WriteEndArray();
            }
            writer.WriteEndArray();
        }
    }

    public static void Equal<T>(T expected, T actual, string label)
    {
        var a = JsonSerializer.SerializeToNode(expected, Json);
        var b = JsonSerializer.SerializeToNode(actual, Json);
        var problem = Compare(a, b, "$");
        Assert.True(problem is null, $"{label}: {problem}");
    }

    static string? Compare(JsonNode? a, JsonNode? b, string path)
    {
        if (a is null || b is null) return a is null && b is null ? null : $"{path}: {a?.ToJsonString() ?? "null"} vs {b?.ToJsonString() ?? "null"}";
        switch (a)
        {
            case JsonObject oa when b is JsonObject ob:
                if (oa.Count != ob.Count) return $"{path}: {oa.Count} vs {ob.Count} properties";
                foreach (var (k, v) in oa)
                {
                    if (!ob.TryGetPropertyValue(k, out var w)) return $"{path}.{k} missing";
                    if (Compare(v, w, $"{path}.{k}") is { } p) return p;
                }
                return null;
            case JsonArray xa when b is JsonArray xb:
                if (xa.Count != xb.Count) return $"{path}: {xa.Count} vs {xb.Count} items";
                for (var i = 0; i < xa.Count; i++)
                    if (Compare(xa[i], xb[i], $"{path}[{i}]") is { } p) return p;
                return null;
            case JsonValue va when b is JsonValue vb:
                if (va.GetValueKind() == JsonValueKind.Number && vb.GetValueKind() == JsonValueKind.Number)
                {
                    var x = va.GetValue<double>(); var y = vb.GetValue<double>();
                    if (x == Math.Floor(x) && Math.Abs(x) < 1e15 && va.ToJsonString() == vb.ToJsonString()) return null;
                    return Math.Abs(x - y) <= Tolerance * Math.Max(1, Math.Max(Math.Abs(x), Math.Abs(y)))
                        ? null : $"{path}: {x.ToString("R", CultureInfo.InvariantCulture)} vs {y.ToString("R", CultureInfo.InvariantCulture)}";
                }
                return va.ToJsonString() == vb.ToJsonString() ? null : $"{path}: {va.ToJsonString()} vs {vb.ToJsonString()}";
            default:
                return $"{path}: {a.ToJsonString()} vs {b.ToJsonString()}";
        }
    }
}
