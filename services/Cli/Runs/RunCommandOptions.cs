using System.CommandLine;
using System.Globalization;

using Uet.Cli.Embedded;
using Uet.Contracts.Plans;

namespace Uet.Cli.Runs;

/// <summary>Options every run-related command shares, declared once.</summary>
internal static class RunCommandOptions
{
    public static Option<string?> StateDir() => new("--state-dir")
    {
        Description = "State directory of the embedded mode (database, logs, worktrees). Default: .uet in the current directory.",
    };

    public static Argument<string> RunName() => new("run") { Description = "The run's name, as `uet runs` lists it." };

    public static StateDirectory State(ParseResult result, Option<string?> option) => new(result.GetValue(option));

    /// <summary>
    /// <c>--budget USD</c>: a decimal amount, invariant culture (a dot, whatever the locale), zero or more. Parsed here
    /// rather than by the option's type so that a mistake gets a message that names the option and the fix.
    /// </summary>
    public static decimal? BudgetUsd(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (!decimal.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var usd))
        {
            throw new CliException($"--budget '{text}' is not an amount in US dollars: give a number such as 5 or 0.50 (a dot before the cents).");
        }

        if (usd < 0m)
        {
            throw new CliException($"--budget {text} is negative: give the most the run may spend in US dollars, zero or more (e.g. --budget 5).");
        }

        return usd;
    }

    /// <summary><c>--budget-mode halt|warn|continue</c> (any case).</summary>
    public static BudgetMode? BudgetModeOf(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null => null,
        "halt" => BudgetMode.Halt,
        "warn" => BudgetMode.Warn,
        "continue" => BudgetMode.Continue,
        _ => throw new CliException($"--budget-mode '{text}' is not a budget mode: use halt (stop the run), warn (warn and go on) or continue (record only)."),
    };

}
