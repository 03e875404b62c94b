using System.Text;

namespace Uet.Domain.Loading;

/// <summary>One plan file as UTF-8 bytes, able to turn a byte offset into a 1-based line and column.</summary>
internal sealed class SourceText
{
    private int[]? _lineStarts;

    public SourceText(string path, string content)
    {
        Path = path;
        Bytes = Encoding.UTF8.GetBytes(content);
    }

    public string Path { get; }
    public byte[] Bytes { get; }

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

    private static int[] LineStarts(byte[] bytes)
    {
        var starts = new List<int> { 0 };
        var span = bytes.AsSpan();
        var at = 0;
        int next;
        while ((next = span[at..].IndexOf((byte)'\n')) >= 0)
        {
            at += next + 1;
            starts.Add(at);
        }
        return [.. starts];
    }
}
