namespace Uet.Metrics.Reports;

/// <summary>A plain-text table: columns padded with spaces, two apart; numeric columns right-aligned; no trailing blanks.</summary>
internal sealed class PlainTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];
    private readonly HashSet<int> _numeric = [];

    public PlainTable Numeric(params int[] columns)
    {
        _numeric.UnionWith(columns);
        return this;
    }

    public PlainTable Row(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"a row needs {headers.Length} cells, got {cells.Length}", nameof(cells));
        }
        _rows.Add(cells);
        return this;
    }

    /// <summary>Writes the rows, under the headers unless they are all empty (a list of figures needs none).</summary>
    public void WriteTo(TextWriter writer, string indent = "  ")
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length))).ToArray();
        foreach (var row in headers.All(h => h.Length == 0) ? _rows : _rows.Prepend(headers))
        {
            var cells = row.Select((cell, i) => _numeric.Contains(i) ? cell.PadLeft(widths[i]) : i == row.Length - 1 ? cell : cell.PadRight(widths[i]));
            writer.Write((indent + string.Join("  ", cells)).TrimEnd());
            writer.Write('\n');
        }
    }
}
