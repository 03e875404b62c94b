using System.CommandLine;

namespace Uet.Cli.Output;

public static class CliConsole
{
    /// <summary>
    /// The console for a command invocation: its writers come from the invocation (so tests can capture them);
    /// rich only when those writers are the real, unredirected terminal.
    /// </summary>
    public static ICliConsole For(ParseResult parseResult)
    {
        var stdout = parseResult.InvocationConfiguration.Output;
        var stderr = parseResult.InvocationConfiguration.Error;
        var isTerminal = ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;
        var rich = OutputMode.ShouldUseRich(
            outputRedirected: !isTerminal,
            noColor: Environment.GetEnvironmentVariable("NO_COLOR"),
            term: Environment.GetEnvironmentVariable("TERM"));
        return rich ? new RichConsole(stdout, stderr) : new PlainConsole(stdout, stderr);
    }
}
