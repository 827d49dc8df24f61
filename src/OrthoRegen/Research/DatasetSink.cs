using System.IO.Compression;
using System.Text;

namespace OrthoRegen.Research;

/// <summary>Where export files go, one after another: a folder, or a zip streamed to a response.</summary>
public interface IDatasetSink
{
    /// <summary>Opens <paramref name="fileName"/> for writing; the caller disposes it before opening the next file.</summary>
    Stream Create(string fileName);
}

/// <summary>Files in a folder (created when missing); an existing file of the same name is replaced.</summary>
public sealed class FolderSink(string folder) : IDatasetSink
{
    public Stream Create(string fileName)
    {
        Directory.CreateDirectory(folder);
        return new FileStream(Path.Combine(folder, fileName), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
    }
}

/// <summary>
/// A zip written forward-only to <paramref name="output"/> (an HTTP response body need not be seekable). Dispose to
/// write the central directory.
/// </summary>
public sealed class ZipSink(Stream output) : IDatasetSink, IDisposable
{
    readonly ZipArchive _zip = new(output, ZipArchiveMode.Create, leaveOpen: true);

    public Stream Create(string fileName) => _zip.CreateEntry(fileName, CompressionLevel.Fastest).Open();

    public void Dispose() => _zip.Dispose();
}

/// <summary>RFC 4180 CSV: comma separated, CRLF-free (LF line ends, as R and SPSS read both), fields quoted when needed.</summary>
public static class CsvText
{
    public static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    public static void WriteRow(TextWriter w, IReadOnlyList<string?> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0) w.Write(',');
            var f = fields[i];
            if (f is null) continue;
            if (f.AsSpan().IndexOfAny(",\"\r\n") >= 0) w.Write('"' + f.Replace("\"", "\"\"") + '"');
            else w.Write(f);
        }
        w.Write('\n');
    }
}
