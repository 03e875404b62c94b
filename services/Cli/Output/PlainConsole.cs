using Spectre.Console;

namespace Uet.Cli.Output;

/// <summary>Text only: what pipes, files and tests see.</summary>
public sealed class PlainConsole(TextWriter stdout, TextWriter stderr) : ICliConsole
{
    private readonly IAnsiConsole _ansi = Unwrapped(AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.No,
        ColorSystem = ColorSystemSupport.NoColors,
        Interactive = InteractionSupport.No,
        Out = new AnsiConsoleOutput(stdout),
    }));

    /// <summary>Logs and pipes want one line per message, not text wrapped at an imagined 80 columns.</summary>
    private static IAnsiConsole Unwrapped(IAnsiConsole console)
    {
        console.Profile.Width = 4096;
        return console;
    }

    public bool IsRich => false;
    public IAnsiConsole Ansi => _ansi;
    public TextWriter Out => stdout;

    public void Line(params Styled[] parts) => stdout.WriteLine(string.Concat(parts.Select(p => p.Text)));

    public void Heading(string title)
    {
        stdout.WriteLine();
        stdout.WriteLine(title);
    }

    public void Table(TextTable table, string indent = "  ")
    {
        foreach (var line in table.PlainLines(indent))
        {
            stdout.WriteLine(line);
        }
    }

    public void Error(string message) => stderr.WriteLine($"uet: {message}");
}
