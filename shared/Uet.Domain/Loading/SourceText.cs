using System.Buffers;
using System.Text;

namespace Uet.Domain.Loading;

/// <summary>
/// One plan file: its UTF-8 text while it is read (a pooled buffer, since big plans have many files),
/// then only a line index, which turns a byte offset into a 1-based line and column.
/// </summary>
internal sealed class SourceText
{
    private byte[]? _buffer;
    private int _length;
    private int[]? _lineStarts;

    public SourceText(string path, string content)
    {
        Path = path;
        _buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(content.Length));
        _length = Encoding.UTF8.GetBytes(content, _buffer);
    }

    public string Path { get; }

    /// <summary>The UTF-8 text; empty once <see cref="Seal"/> has released it.</summary>
    public ReadOnlySpan<byte> Bytes => _buffer is null ? [] : _buffer.AsSpan(0, _length);

    /// <summary>Keeps only the line index once reading is done and gives the text buffer back.</summary>
    public void Seal()
    {
        _lineStarts ??= LineStarts(Bytes);
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
            _length = 0;
        }
    }

    public (long Line, long Column) Position(long offset)
    {
        _lineStarts ??= LineStarts(Bytes);
        var line = Array.BinarySearch(_lineStarts, (int)offset);
        if (line < 0)
        {
            line = ~line - 1;
        }
        return (line + 1, offset - _lineStarts[line] + 1);
    }

    private static int[] LineStarts(ReadOnlySpan<byte> bytes)
    {
        // Count first so the index is allocated once at its final size.
        var starts = new int[bytes.Count((byte)'\n') + 1];
        var at = 0;
        for (var line = 1; line < starts.Length; line++)
        {
            at += bytes[at..].IndexOf((byte)'\n') + 1;
            starts[line] = at;
        }
        return starts;
    }
}
