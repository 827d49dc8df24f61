using System.Globalization;
using System.Text;

namespace OrthoRegen.Charts;

/// <summary>QR error-correction levels (ISO/IEC 18004:2015 table 13): share of codewords that can be restored.</summary>
public enum QrErrorCorrection
{
    /// <summary>About 7 % of codewords recoverable.</summary>
    L,
    /// <summary>About 15 % (the default: a clinic print or screen with some glare).</summary>
    M,
    /// <summary>About 25 %.</summary>
    Q,
    /// <summary>About 30 %.</summary>
    H,
}

/// <summary>
/// A QR code encoder after ISO/IEC 18004:2015 (model 2): byte mode over UTF-8 (with an ECI 26 designator when the text
/// is not plain ASCII, since the default byte-mode interpretation is ISO-8859-1), versions 1–20, Reed–Solomon error
/// correction over GF(256) with polynomial 0x11D, block interleaving, all eight data masks scored with the four penalty
/// rules of 7.8.3, and BCH-coded format (15,5) and version (18,6) information. The smallest version that holds the text
/// at the requested level is used. No third-party library: the clinic shows questionnaire links as QR codes offline.
/// </summary>
public static class QrCode
{
    public const int MinVersion = 1;
    public const int MaxVersion = 20;

    // ISO/IEC 18004:2015 table 9, versions 1..20 (index 0 unused): error-correction codewords per block and block count.
    static readonly int[][] EccPerBlock =
    [
        [-1, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28], // L
        [-1, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26], // M
        [-1, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30], // Q
        [-1, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28], // H
    ];
    static readonly int[][] BlockCount =
    [
        [-1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8], // L
        [-1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16], // M
        [-1, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20], // Q
        [-1, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25], // H
    ];

    /// <summary>The module matrix of <paramref name="text"/>, indexed [row, column]; true = dark. No quiet zone.</summary>
    public static bool[,] Encode(string text, QrErrorCorrection level = QrErrorCorrection.M) => Encode(text, level, mask: null);

    /// <summary>As <see cref="Encode(string, QrErrorCorrection)"/>, with the data mask forced (0–7) for tests.</summary>
    internal static bool[,] Encode(string text, QrErrorCorrection level, int? mask)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (mask is < 0 or > 7) throw new ArgumentOutOfRangeException(nameof(mask), "A QR data mask is 0 to 7.");
        var (version, data) = EncodeData(text, level);
        var codewords = AddErrorCorrectionAndInterleave(data, version, level);
        var m = new Matrix(version);
        m.DrawFunctionPatterns();
        m.DrawCodewords(codewords);
        var chosen = mask ?? BestMask(m, level);
        m.ApplyMask(chosen);
        m.DrawFormatBits(level, chosen);
        return m.ToArray();
    }

    /// <summary>
    /// An SVG image of the code: a white background and one &lt;path&gt; of dark modules, <paramref name="module"/> px per
    /// module and a quiet zone of <paramref name="quietZone"/> modules (the standard asks for 4).
    /// </summary>
    public static string ToSvg(string text, int module = 4, int quietZone = 4, QrErrorCorrection level = QrErrorCorrection.M)
    {
        if (module is < 1 or > 64) throw new ArgumentOutOfRangeException(nameof(module), "Module size must be 1 to 64 px.");
        if (quietZone is < 0 or > 16) throw new ArgumentOutOfRangeException(nameof(quietZone), "Quiet zone must be 0 to 16 modules.");
        var matrix = Encode(text, level);
        var size = matrix.GetLength(0);
        var total = size + 2 * quietZone;
        var d = new StringBuilder();
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                if (!matrix[y, x]) continue;
                var run = 1;
                while (x + run < size && matrix[y, x + run]) run++;
                d.Append(CultureInfo.InvariantCulture, $"M{x + quietZone} {y + quietZone}h{run}v1h-{run}z");
                x += run - 1;
            }
        }
        var px = total * module;
        return $"<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{px}\" height=\"{px}\" viewBox=\"0 0 {total} {total}\" shape-rendering=\"crispEdges\" role=\"img\">"
             + $"<rect width=\"{total}\" height=\"{total}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{d}\"/></svg>";
    }

    // ---- data encoding -------------------------------------------------------------------------------------------

    /// <summary>Total codewords (data + error correction) of a version (ISO/IEC 18004 table 1).</summary>
    internal static int RawCodewords(int version)
    {
        var modules = (16 * version + 128) * version + 64;
        if (version >= 2)
        {
            var align = version / 7 + 2;
            modules -= (25 * align - 10) * align - 55;
            if (version >= 7) modules -= 36;
        }
        return modules / 8;
    }

    internal static int DataCodewords(int version, QrErrorCorrection level) =>
        RawCodewords(version) - EccPerBlock[(int)level][version] * BlockCount[(int)level][version];

    /// <summary>The byte capacity of a version at a level for ASCII text (no ECI header).</summary>
    public static int ByteCapacity(int version, QrErrorCorrection level)
    {
        var bits = DataCodewords(version, level) * 8 - 4 - (version <= 9 ? 8 : 16);
        return bits / 8;
    }

    static (int Version, byte[] Data) EncodeData(string text, QrErrorCorrection level)
    {
        var bytes = new UTF8Encoding(false, true).GetBytes(text);
        var eci = bytes.Any(b => b >= 0x80);
        for (var version = MinVersion; version <= MaxVersion; version++)
        {
            var capacityBits = DataCodewords(version, level) * 8;
            var countBits = version <= 9 ? 8 : 16;
            var needed = (eci ? 12 : 0) + 4 + countBits + bytes.Length * 8;
            if (needed > capacityBits || bytes.Length >= 1 << countBits) continue;

            var bits = new BitBuffer();
            if (eci) { bits.Append(0b0111, 4); bits.Append(26, 8); } // ECI mode, designator 26 = UTF-8
            bits.Append(0b0100, 4); // byte mode
            bits.Append(bytes.Length, countBits);
            foreach (var b in bytes) bits.Append(b, 8);
            bits.Append(0, Math.Min(4, capacityBits - bits.Length)); // terminator
            bits.Append(0, (8 - bits.Length % 8) % 8);
            for (var pad = 0xEC; bits.Length < capacityBits; pad ^= 0xEC ^ 0x11) bits.Append(pad, 8);
            return (version, bits.ToBytes());
        }
        throw new ArgumentException($"Text of {bytes.Length} UTF-8 bytes does not fit a version {MaxVersion} QR code at level {level}.", nameof(text));
    }

    /// <summary>Splits data into blocks, appends each block's Reed–Solomon codewords, and interleaves (ISO 7.6).</summary>
    internal static byte[] AddErrorCorrectionAndInterleave(byte[] data, int version, QrErrorCorrection level)
    {
        var blocks = BlockCount[(int)level][version];
        var eccLength = EccPerBlock[(int)level][version];
        var raw = RawCodewords(version);
        if (data.Length != raw - blocks * eccLength) throw new ArgumentException("Data length does not match the version and level.", nameof(data));
        var shortBlocks = blocks - raw % blocks;
        var shortLength = raw / blocks; // data + ecc of a short block
        var divisor = ReedSolomonGenerator(eccLength);
        var all = new List<byte[]>();
        for (int i = 0, k = 0; i < blocks; i++)
        {
            var dataLength = shortLength - eccLength + (i < shortBlocks ? 0 : 1);
            var block = data.AsSpan(k, dataLength).ToArray();
            k += dataLength;
            var ecc = ReedSolomonRemainder(block, divisor);
            // A short block gets a placeholder after its data so that all blocks line up column by column.
            all.Add(i < shortBlocks ? [.. block, 0, .. ecc] : [.. block, .. ecc]);
        }
        var result = new List<byte>(raw);
        for (var i = 0; i <= shortLength; i++)
        for (var j = 0; j < blocks; j++)
            if (i != shortLength - eccLength || j >= shortBlocks) result.Add(all[j][i]);
        return [.. result];
    }

    /// <summary>The generator polynomial of degree <paramref name="degree"/>, roots α^0..α^(degree−1), leading 1 omitted.</summary>
    internal static byte[] ReedSolomonGenerator(int degree)
    {
        var result = new byte[degree];
        result[degree - 1] = 1;
        byte root = 1;
        for (var i = 0; i < degree; i++)
        {
            for (var j = 0; j < degree; j++)
            {
                result[j] = Multiply(result[j], root);
                if (j + 1 < degree) result[j] ^= result[j + 1];
            }
            root = Multiply(root, 0x02);
        }
        return result;
    }

    /// <summary>The error-correction codewords: the remainder of data·x^n divided by the generator.</summary>
    internal static byte[] ReedSolomonRemainder(IReadOnlyList<byte> data, byte[] divisor)
    {
        var result = new byte[divisor.Length];
        foreach (var b in data)
        {
            var factor = (byte)(b ^ result[0]);
            Array.Copy(result, 1, result, 0, result.Length - 1);
            result[^1] = 0;
            for (var i = 0; i < result.Length; i++) result[i] ^= Multiply(divisor[i], factor);
        }
        return result;
    }

    /// <summary>Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x^2 + 1 (0x11D).</summary>
    internal static byte Multiply(byte x, byte y)
    {
        var z = 0;
        for (var i = 7; i >= 0; i--)
        {
            z = (z << 1) ^ ((z >> 7) * 0x11D);
            z ^= ((y >> i) & 1) * x;
        }
        return (byte)z;
    }

    /// <summary>The 15 format bits (level, mask, BCH(15,5) with generator 0x537, XOR mask 0x5412), most significant first.</summary>
    internal static int FormatBits(QrErrorCorrection level, int mask)
    {
        var levelBits = level switch { QrErrorCorrection.L => 1, QrErrorCorrection.M => 0, QrErrorCorrection.Q => 3, _ => 2 };
        var data = levelBits << 3 | mask;
        var rem = data;
        for (var i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >> 9) * 0x537);
        return (data << 10 | rem) ^ 0x5412;
    }

    /// <summary>The 18 version bits (version, BCH(18,6) with generator 0x1F25); versions 7 and up carry them.</summary>
    internal static int VersionBits(int version)
    {
        var rem = version;
        for (var i = 0; i < 12; i++) rem = (rem << 1) ^ ((rem >> 11) * 0x1F25);
        return version << 12 | rem;
    }

    static int BestMask(Matrix m, QrErrorCorrection level)
    {
        var best = 0;
        var bestPenalty = int.MaxValue;
        for (var mask = 0; mask < 8; mask++)
        {
            m.ApplyMask(mask);
            m.DrawFormatBits(level, mask);
            var penalty = m.Penalty();
            if (penalty < bestPenalty) (best, bestPenalty) = (mask, penalty);
            m.ApplyMask(mask); // XOR undoes it
        }
        return best;
    }

    internal static bool MaskBit(int mask, int x, int y) => mask switch
    {
        0 => (x + y) % 2 == 0,
        1 => y % 2 == 0,
        2 => x % 3 == 0,
        3 => (x + y) % 3 == 0,
        4 => (x / 3 + y / 2) % 2 == 0,
        5 => x * y % 2 + x * y % 3 == 0,
        6 => (x * y % 2 + x * y % 3) % 2 == 0,
        _ => ((x + y) % 2 + x * y % 3) % 2 == 0,
    };

    sealed class BitBuffer
    {
        readonly List<bool> _bits = [];
        public int Length => _bits.Count;

        public void Append(int value, int count)
        {
            for (var i = count - 1; i >= 0; i--) _bits.Add(((value >> i) & 1) != 0);
        }

        public byte[] ToBytes()
        {
            var result = new byte[_bits.Count / 8];
            for (var i = 0; i < _bits.Count; i++) if (_bits[i]) result[i / 8] |= (byte)(0x80 >> (i % 8));
            return result;
        }
    }

    sealed class Matrix
    {
        readonly int _version;
        readonly int _size;
        readonly bool[,] _dark;
        readonly bool[,] _function;

        public Matrix(int version)
        {
            _version = version;
            _size = version * 4 + 17;
            _dark = new bool[_size, _size];
            _function = new bool[_size, _size];
        }

        void Set(int x, int y, bool dark)
        {
            _dark[y, x] = dark;
            _function[y, x] = true;
        }

        public void DrawFunctionPatterns()
        {
            for (var i = 0; i < _size; i++)
            {
                Set(6, i, i % 2 == 0);
                Set(i, 6, i % 2 == 0);
            }
            DrawFinder(3, 3);
            DrawFinder(_size - 4, 3);
            DrawFinder(3, _size - 4);
            var positions = AlignmentPositions(_version);
            var n = positions.Length;
            for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                if (i == 0 && j == 0 || i == 0 && j == n - 1 || i == n - 1 && j == 0) continue; // finder corners
                for (var dy = -2; dy <= 2; dy++)
                for (var dx = -2; dx <= 2; dx++)
                    Set(positions[i] + dx, positions[j] + dy, Math.Max(Math.Abs(dx), Math.Abs(dy)) != 1);
            }
            DrawFormatBits(QrErrorCorrection.M, 0); // reserves the area; redrawn once the mask is known
            DrawVersionBits();
        }

        void DrawFinder(int cx, int cy)
        {
            for (var dy = -4; dy <= 4; dy++)
            for (var dx = -4; dx <= 4; dx++)
            {
                int x = cx + dx, y = cy + dy;
                if (x < 0 || x >= _size || y < 0 || y >= _size) continue;
                var dist = Math.Max(Math.Abs(dx), Math.Abs(dy));
                Set(x, y, dist != 2 && dist != 4);
            }
        }

        public void DrawFormatBits(QrErrorCorrection level, int mask)
        {
            var bits = FormatBits(level, mask);
            bool Bit(int i) => ((bits >> i) & 1) != 0;
            for (var i = 0; i <= 5; i++) Set(8, i, Bit(i));
            Set(8, 7, Bit(6));
            Set(8, 8, Bit(7));
            Set(7, 8, Bit(8));
            for (var i = 9; i < 15; i++) Set(14 - i, 8, Bit(i));
            for (var i = 0; i < 8; i++) Set(_size - 1 - i, 8, Bit(i));
            for (var i = 8; i < 15; i++) Set(8, _size - 15 + i, Bit(i));
            Set(8, _size - 8, true); // the dark module
        }

        void DrawVersionBits()
        {
            if (_version < 7) return;
            var bits = VersionBits(_version);
            for (var i = 0; i < 18; i++)
            {
                var bit = ((bits >> i) & 1) != 0;
                int a = _size - 11 + i % 3, b = i / 3;
                Set(a, b, bit);
                Set(b, a, bit);
            }
        }

        /// <summary>Places codewords in the two-module-wide zigzag from the bottom right, skipping the timing column.</summary>
        public void DrawCodewords(byte[] codewords)
        {
            var i = 0;
            for (var right = _size - 1; right >= 1; right -= 2)
            {
                if (right == 6) right = 5;
                for (var vert = 0; vert < _size; vert++)
                for (var j = 0; j < 2; j++)
                {
                    var x = right - j;
                    var upward = ((right + 1) & 2) == 0;
                    var y = upward ? _size - 1 - vert : vert;
                    if (_function[y, x] || i >= codewords.Length * 8) continue; // remainder bits stay light
                    _dark[y, x] = ((codewords[i >> 3] >> (7 - (i & 7))) & 1) != 0;
                    i++;
                }
            }
        }

        public void ApplyMask(int mask)
        {
            for (var y = 0; y < _size; y++)
            for (var x = 0; x < _size; x++)
                if (!_function[y, x] && MaskBit(mask, x, y)) _dark[y, x] = !_dark[y, x];
        }

        /// <summary>ISO/IEC 18004:2015 7.8.3: N1 = 3, N2 = 3, N3 = 40, N4 = 10.</summary>
        public int Penalty()
        {
            var penalty = 0;
            for (var pass = 0; pass < 2; pass++)
            for (var a = 0; a < _size; a++)
            {
                var runColor = false;
                var run = 0;
                for (var b = 0; b < _size; b++)
                {
                    var c = pass == 0 ? _dark[a, b] : _dark[b, a];
                    if (b > 0 && c == runColor) run++;
                    else
                    {
                        if (run >= 5) penalty += 3 + run - 5;
                        runColor = c;
                        run = 1;
                    }
                }
                if (run >= 5) penalty += 3 + run - 5;

                // 1:1:3:1:1 finder-like pattern with four light modules on either side (the light side may be outside).
                for (var b = -4; b < _size; b++)
                {
                    if (Matches(pass, a, b, Finder1)) penalty += 40;
                    if (Matches(pass, a, b, Finder2)) penalty += 40;
                }
            }
            for (var y = 0; y < _size - 1; y++)
            for (var x = 0; x < _size - 1; x++)
            {
                var c = _dark[y, x];
                if (c == _dark[y, x + 1] && c == _dark[y + 1, x] && c == _dark[y + 1, x + 1]) penalty += 3;
            }
            var dark = 0;
            foreach (var d in _dark) if (d) dark++;
            var total = _size * _size;
            // k = the smallest whole number of 5 % steps that brings the dark share within 45–55 %.
            var k = (Math.Abs(dark * 20 - total * 10) + total - 1) / total - 1;
            penalty += Math.Max(0, k) * 10;
            return penalty;
        }

        static readonly bool[] Finder1 = [true, false, true, true, true, false, true, false, false, false, false];
        static readonly bool[] Finder2 = [false, false, false, false, true, false, true, true, true, false, true];

        bool Matches(int pass, int a, int start, bool[] pattern)
        {
            if (start + pattern.Length > _size + 4) return false;
            var inside = false;
            for (var i = 0; i < pattern.Length; i++)
            {
                var b = start + i;
                bool c;
                if (b < 0 || b >= _size) c = false;
                else { c = pass == 0 ? _dark[a, b] : _dark[b, a]; inside = true; }
                if (c != pattern[i]) return false;
            }
            return inside;
        }

        public bool[,] ToArray() => (bool[,])_dark.Clone();
    }

    /// <summary>Centre coordinates of alignment patterns (ISO/IEC 18004 annex E); empty for version 1.</summary>
    internal static int[] AlignmentPositions(int version)
    {
        if (version == 1) return [];
        var count = version / 7 + 2;
        var step = (version * 8 + count * 3 + 5) / (count * 4 - 4) * 2;
        var result = new int[count];
        result[0] = 6;
        for (int i = count - 1, pos = version * 4 + 17 - 7; i >= 1; i--, pos -= step) result[i] = pos;
        return result;
    }
}
