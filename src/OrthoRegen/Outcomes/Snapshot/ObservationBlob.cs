using System.Buffers.Binary;

namespace OrthoRegen.Outcomes.Snapshot;

/// <summary>
/// The observations of one member and instrument score as stored in <c>analytics_scores.observations</c>: 12 bytes each,
/// the day number (<see cref="DateOnly.DayNumber"/>, int32) and the value (IEEE double), little-endian, in the order
/// the live path sees them. Doubles are stored bit for bit, so the analyses get exactly the values they would compute from.
/// </summary>
public static class ObservationBlob
{
    const int Size = 12;

    public static byte[] Encode(IEnumerable<(DateOnly On, double Value)> observations)
    {
        var list = observations.ToList();
        var bytes = new byte[list.Count * Size];
        for (var i = 0; i < list.Count; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * Size), list[i].On.DayNumber);
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * Size + 4), list[i].Value);
        }
        return bytes;
    }

    public static IReadOnlyList<Observation> Decode(string planId, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % Size != 0) throw new InvalidDataException($"Snapshot observations of {planId}: {bytes.Length} bytes is not a multiple of {Size}.");
        var result = new Observation[bytes.Length / Size];
        for (var i = 0; i < result.Length; i++)
            result[i] = new Observation(planId, DateOnly.FromDayNumber(BinaryPrimitives.ReadInt32LittleEndian(bytes[(i * Size)..])),
                BinaryPrimitives.ReadDoubleLittleEndian(bytes[(i * Size + 4)..]));
        return result;
    }
}
