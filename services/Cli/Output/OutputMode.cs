namespace Uet.Cli.Output;

public static class OutputMode
{
    /// <summary>Colour only for a person at a terminal: not when redirected, not with NO_COLOR (https://no-color.org), not on TERM=dumb.</summary>
    public static bool ShouldUseRich(bool outputRedirected, string? noColor, string? term) =>
        !outputRedirected && string.IsNullOrEmpty(noColor) && !string.Equals(term, "dumb", StringComparison.Ordinal);
}
