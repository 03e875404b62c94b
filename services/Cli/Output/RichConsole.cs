using Spectre.Console;

namespace Uet.Cli.Output;

/// <summary>Colour and boxed tables through Spectre.Console, for an interactive terminal.</summary>
public sealed class RichConsole : ICliConsole
{
    private readonly IAnsiConsole _console;
    private readonly TextWriter _stderr;

    public RichConsole(TextWriter stdout, TextWriter stderr)
    {
        _stderr = stderr;
        Out = stdout;
        _console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.Detect,
            Out = new AnsiConsoleOutput(stdout),
        });
    }

    public bool IsRich => true;
    public IAnsiConsole Ansi => _console;
    public TextWriter Out { get; }

    public void Line(params Styled[] parts) =>
        _console.MarkupLine(string.Concat(parts.Select(p => Markup(p.Text, p.Tone))));

    public void Heading(string title)
    {
        _console.WriteLine();
        _console.MarkupLine(Markup(title, Tone.Strong));
    }

    public void Table(TextTable table, string indent = "  ")
    {
        var rendered = new Table().Border(TableBorder.Rounded).BorderColor(Color.Grey);
        for (var i = 0; i < table.Headers.Count; i++)
        {
            var column = new TableColumn(Markup(table.Headers[i], Tone.Strong));
            rendered.AddColumn(table.IsNumeric(i) ? column.RightAligned() : column);
        }

        foreach (var row in table.Rows)
        {
            rendered.AddRow(row.Select(cell => Spectre.Console.Markup.Escape(cell)).ToArray());
        }

        _console.Write(new Padder(rendered, new Padding(indent.Length, 0, 0, 0)));
    }

    public void Error(string message) =>
        _stderr.WriteLine($"uet: {message}");

    private static string Markup(string text, Tone tone)
    {
        var escaped = Spectre.Console.Markup.Escape(text);
        var style = tone switch
        {
            Tone.Strong => "bold",
            Tone.Muted => "grey",
            Tone.Good => "green",
            Tone.Bad => "red",
            Tone.Warn => "yellow",
            Tone.Accent => "cyan",
            _ => null,
        };
        return style is null || escaped.Length == 0 ? escaped : $"[{style}]{escaped}[/]";
    }
}
