namespace Uet.Cli.Output;

/// <summary>A table to print: headers, rows of cells, and which columns hold numbers (right-aligned).</summary>
public sealed class TextTable(params string[] headers)
{
    private readonly List<IReadOnlyList<string>> _rows = [];
    private readonly HashSet<int> _numeric = [];

    public IReadOnlyList<string> Headers { get; } = headers;
    public IReadOnlyList<IReadOnlyList<string>> Rows => _rows;

    public TextTable Row(params string[] cells)
    {
        if (cells.Length != Headers.Count)
        {
            throw new ArgumentException($"a row needs {Headers.Count} cells, got {cells.Length}", nameof(cells));
        }

        _rows.Add(cells);
        return this;
    }

    public TextTable Numeric(params int[] columns)
    {
        _numeric.UnionWith(columns);
        return this;
    }

    public bool IsNumeric(int column) => _numeric.Contains(column);

    /// <summary>Plain rendering: columns padded with spaces, two spaces apart, no trailing blanks.</summary>
    public IEnumerable<string> PlainLines(string indent = "")
    {
        var widths = Headers.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length))).ToArray();
        yield return Format(Headers);
        foreach (var row in _rows)
        {
            yield return Format(row);
        }

        string Format(IReadOnlyList<string> cells)
        {
            var padded = cells.Select((cell, i) =>
                i == cells.Count - 1 && !IsNumeric(i) ? cell
                : IsNumeric(i) ? cell.PadLeft(widths[i])
                : cell.PadRight(widths[i]));
            return (indent + string.Join("  ", padded)).TrimEnd();
        }
    }
}
