using System.Xml.Linq;
using OrthoRegen.Charts;

namespace OrthoRegen.Tests.Charts;

public class QrCodeTests
{
    // ISO/IEC 18004:2015 annex C, table C.1: the 32 format-information bit strings (after the 0x5412 XOR mask).
    [Theory]
    [InlineData(QrErrorCorrection.L, 0, "111011111000100")]
    [InlineData(QrErrorCorrection.L, 1, "111001011110011")]
    [InlineData(QrErrorCorrection.L, 2, "111110110101010")]
    [InlineData(QrErrorCorrection.L, 3, "111100010011101")]
    [InlineData(QrErrorCorrection.L, 4, "110011000101111")]
    [InlineData(QrErrorCorrection.L, 5, "110001100011000")]
    [InlineData(QrErrorCorrection.L, 6, "110110001000001")]
    [InlineData(QrErrorCorrection.L, 7, "110100101110110")]
    [InlineData(QrErrorCorrection.M, 0, "101010000010010")]
    [InlineData(QrErrorCorrection.M, 1, "101000100100101")]
    [InlineData(QrErrorCorrection.M, 2, "101111001111100")]
    [InlineData(QrErrorCorrection.M, 3, "101101101001011")]
    [InlineData(QrErrorCorrection.M, 4, "100010111111001")]
    [InlineData(QrErrorCorrection.M, 5, "100000011001110")]
    [InlineData(QrErrorCorrection.M, 6, "100111110010111")]
    [InlineData(QrErrorCorrection.M, 7, "100101010100000")]
    [InlineData(QrErrorCorrection.Q, 0, "011010101011111")]
    [InlineData(QrErrorCorrection.Q, 1, "011000001101000")]
    [InlineData(QrErrorCorrection.Q, 2, "011111100110001")]
    [InlineData(QrErrorCorrection.Q, 3, "011101000000110")]
    [InlineData(QrErrorCorrection.Q, 4, "010010010110100")]
    [InlineData(QrErrorCorrection.Q, 5, "010000110000011")]
    [InlineData(QrErrorCorrection.Q, 6, "010111011011010")]
    [InlineData(QrErrorCorrection.Q, 7, "010101111101101")]
    [InlineData(QrErrorCorrection.H, 0, "001011010001001")]
    [InlineData(QrErrorCorrection.H, 1, "001001110111110")]
    [InlineData(QrErrorCorrection.H, 2, "001110011100111")]
    [InlineData(QrErrorCorrection.H, 3, "001100111010000")]
    [InlineData(QrErrorCorrection.H, 4, "000011101100010")]
    [InlineData(QrErrorCorrection.H, 5, "000001001010101")]
    [InlineData(QrErrorCorrection.H, 6, "000110100001100")]
    [InlineData(QrErrorCorrection.H, 7, "000100000111011")]
    public void FormatBits_EveryLevelAndMask_MatchesStandardTable(QrErrorCorrection level, int mask, string expected) =>
        Assert.Equal(expected, Convert.ToString(QrCode.FormatBits(level, mask), 2).PadLeft(15, '0'));

    // ISO/IEC 18004:2015 annex D, table D.1: version information bit strings.
    [Theory]
    [InlineData(7, 0x07C94)]
    [InlineData(8, 0x085BC)]
    [InlineData(9, 0x09A99)]
    [InlineData(10, 0x0A4D3)]
    [InlineData(14, 0x0E60D)]
    [InlineData(20, 0x149A6)]
    public void VersionBits_KnownVersions_MatchStandardTable(int version, int expected) =>
        Assert.Equal(expected, QrCode.VersionBits(version));

    // The worked 1-M example "HELLO WORLD" (alphanumeric data codewords, as published by thonky.com's QR tutorial,
    // "Error Correction Coding"): 16 data codewords give these 10 error-correction codewords.
    [Fact]
    public void ReedSolomonRemainder_PublishedHelloWorldExample_GivesPublishedCodewords()
    {
        byte[] data = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17];
        var ecc = QrCode.ReedSolomonRemainder(data, QrCode.ReedSolomonGenerator(10));
        Assert.Equal(new byte[] { 196, 35, 39, 119, 235, 215, 231, 226, 93, 23 }, ecc);
    }

    [Theory]
    [InlineData(1, 26)] // table 1
    [InlineData(2, 44)]
    [InlineData(7, 196)]
    [InlineData(10, 346)]
    [InlineData(20, 1085)]
    public void RawCodewords_Versions_MatchStandardTable(int version, int expected) => Assert.Equal(expected, QrCode.RawCodewords(version));

    [Theory]
    [InlineData(1, QrErrorCorrection.M, 14)] // table 7, byte-mode capacity
    [InlineData(2, QrErrorCorrection.M, 26)]
    [InlineData(8, QrErrorCorrection.M, 152)]
    [InlineData(10, QrErrorCorrection.M, 213)]
    [InlineData(20, QrErrorCorrection.M, 666)]
    [InlineData(20, QrErrorCorrection.L, 858)]
    [InlineData(5, QrErrorCorrection.Q, 60)]
    [InlineData(3, QrErrorCorrection.H, 24)]
    public void ByteCapacity_MatchesStandardTable(int version, QrErrorCorrection level, int bytes) =>
        Assert.Equal(bytes, QrCode.ByteCapacity(version, level));

    [Theory]
    [InlineData(2, new[] { 6, 18 })]
    [InlineData(7, new[] { 6, 22, 38 })]
    [InlineData(16, new[] { 6, 26, 50, 74 })]
    [InlineData(20, new[] { 6, 34, 62, 90 })]
    public void AlignmentPositions_MatchAnnexE(int version, int[] expected) => Assert.Equal(expected, QrCode.AlignmentPositions(version));

    [Theory]
    [InlineData("qr_v3_m_short_url.txt", "https://orthoregen.example/q/AB12", QrErrorCorrection.M)] // one block
    [InlineData("qr_m_150_url.txt", null, QrErrorCorrection.M)] // version 8: four blocks of two lengths, version bits
    [InlineData("qr_v1_h_word.txt", "OrthoRegen", QrErrorCorrection.H)]
    public void Encode_SameMaskAsLibqrencode_GivesTheSameMatrix(string file, string? text, QrErrorCorrection level)
    {
        var (expected, fileText) = Reference(file);
        text ??= fileText;
        var size = expected.GetLength(0);
        var mask = MaskOf(expected, level);
        var actual = QrCode.Encode(text!, level, mask);
        Assert.Equal(size, actual.GetLength(0));
        Assert.Equal(Render(expected), Render(actual));
    }

    [Theory]
    [InlineData("qr_v3_m_short_url.txt", "https://orthoregen.example/q/AB12", QrErrorCorrection.M)]
    [InlineData("qr_m_150_url.txt", null, QrErrorCorrection.M)]
    // Not the 1-H "OrthoRegen" vector: libqrencode's rule-3/rule-4 scoring differs from ISO 7.8.3 in details and picks
    // another mask there. Any mask decodes (the format information names it); the browser test decodes with zbarimg.
    public void Encode_PenaltyRules_ChooseTheSameMaskAsLibqrencode(string file, string? text, QrErrorCorrection level)
    {
        var (expected, fileText) = Reference(file);
        Assert.Equal(Render(expected), Render(QrCode.Encode((text ?? fileText)!, level)));
    }

    [Fact]
    public void Encode_ChoosesAValidMaskAndKeepsFunctionPatterns()
    {
        var m = QrCode.Encode("https://orthoregen.example/q/AB12");
        Assert.Equal(29, m.GetLength(0)); // 33 bytes: version 3
        var mask = MaskOf(m, QrErrorCorrection.M);
        Assert.InRange(mask, 0, 7);
        // The finder pattern's ring structure in the top-left corner, and the dark module.
        for (var i = 0; i < 7; i++) Assert.True(m[0, i] && m[6, i] && m[i, 0] && m[i, 6]);
        Assert.False(m[1, 1]);
        Assert.True(m[3, 3]);
        Assert.True(m[29 - 8, 8]);
    }

    [Fact]
    public void Encode_TextLongerThanVersion20_Throws()
    {
        Assert.Throws<ArgumentException>(() => QrCode.Encode(new string('a', 667)));
        Assert.Equal(97, QrCode.Encode(new string('a', 666)).GetLength(0));
    }

    [Fact]
    public void Encode_KoreanText_UsesUtf8ByteModeWithEci()
    {
        // 22 Hangul syllables and 5 spaces = 71 UTF-8 bytes, plus the 12-bit ECI header: 74 codewords; 4-M holds 64, 5-M 86.
        var m = QrCode.Encode("동의서를 읽고 이해한 내용을 확인합니다 감사합니다");
        Assert.Equal(4 * 5 + 17, m.GetLength(0));
    }

    [Fact]
    public void ToSvg_IsValidXmlWithOnePathAndQuietZone()
    {
        var svg = QrCode.ToSvg("https://orthoregen.example/q/AB12", module: 3, quietZone: 4);
        var doc = XDocument.Parse(svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Single(doc.Descendants(ns + "path"));
        Assert.Equal("111", doc.Root!.Attribute("width")!.Value); // (29 + 8) modules × 3 px
        Assert.Equal("0 0 37 37", doc.Root.Attribute("viewBox")!.Value);
        Assert.StartsWith("M4 4h7v1h-7z", doc.Descendants(ns + "path").Single().Attribute("d")!.Value);
    }

    static (bool[,] Matrix, string? Text) Reference(string file)
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Charts", "ReferenceData", file));
        var comments = lines.Where(l => l.StartsWith('#') && l.StartsWith("# ") && !l.Contains("qrencode")).ToList();
        var rows = lines.Where(l => l.Length > 0 && !l.StartsWith("# ")).ToList();
        var m = new bool[rows.Count, rows.Count];
        for (var y = 0; y < rows.Count; y++)
        for (var x = 0; x < rows.Count; x++) m[y, x] = rows[y][x] == '#';
        return (m, comments.Count > 0 ? comments[0][2..] : null);
    }

    /// <summary>Reads the mask number back from the first copy of the format information.</summary>
    static int MaskOf(bool[,] m, QrErrorCorrection level)
    {
        var bits = 0;
        for (var i = 0; i <= 5; i++) bits |= (m[i, 8] ? 1 : 0) << i;
        bits |= (m[7, 8] ? 1 : 0) << 6;
        bits |= (m[8, 8] ? 1 : 0) << 7;
        bits |= (m[8, 7] ? 1 : 0) << 8;
        for (var i = 9; i < 15; i++) bits |= (m[8, 14 - i] ? 1 : 0) << i;
        for (var mask = 0; mask < 8; mask++) if (QrCode.FormatBits(level, mask) == bits) return mask;
        throw new InvalidOperationException("The format information does not decode for level " + level + ".");
    }

    static string Render(bool[,] m)
    {
        var sb = new System.Text.StringBuilder();
        for (var y = 0; y < m.GetLength(0); y++)
        {
            for (var x = 0; x < m.GetLength(1); x++) sb.Append(m[y, x] ? '#' : '.');
            sb.Append('\n');
        }
        return sb.ToString();
    }
}
