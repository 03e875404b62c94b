namespace Uet.Cli.Output;

/// <summary>
/// Where a command writes. Rich (colour, boxed tables) on an interactive terminal; plain text, aligned with
/// spaces, when stdout is piped or redirected or NO_COLOR is set, so scripts and diffs see stable output.
/// </summary>
public interface ICliConsole
{
    bool IsRich { get; }

    /// <summary>Raw stdout, for machine output such as JSON.</summary>
    TextWriter Out { get; }

    void Line(params Styled[] parts);

    void Heading(string title);

    void Table(TextTable table, string indent = "  ");

    /// <summary>
    /// Spectre.Console on the same writer, for live views and markup: coloured when rich, plain text otherwise.
    /// </summary>
    Spectre.Console.IAnsiConsole Ansi { get; }

    /// <summary>A one-line message on stderr, prefixed with <c>uet:</c>.</summary>
    void Error(string message);
}
