using System.CommandLine;
using System.Text.RegularExpressions;

using Uet.Cli.Embedded;

namespace Uet.Cli.Runs;

/// <summary>Options every run-related command shares, declared once.</summary>
internal static partial class RunCommandOptions
{
    public static Option<string?> StateDir() => new("--state-dir")
    {
        Description = "State directory of the embedded mode (database, logs, worktrees). Default: .uet in the current directory.",
    };

    public static Argument<string> RunName() => new("run") { Description = "The run's name, as `uet runs` lists it." };

    public static StateDirectory State(ParseResult result, Option<string?> option) => new(result.GetValue(option));

    /// <summary>Run names become branch names (<c>uet/&lt;run&gt;/…</c>), so they must be valid in a git ref.</summary>
    public static bool IsValidRunName(string name) => RunNamePattern().IsMatch(name) && !name.Contains("..", StringComparison.Ordinal);

    public static string NewRunName(TimeProvider time) =>
        $"{time.GetUtcNow():yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 2))}";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex RunNamePattern();
}
