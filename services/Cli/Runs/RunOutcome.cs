using Spectre.Console;

using Uet.Cli.Progress;
using Uet.Scheduler.Queries;

namespace Uet.Cli.Runs;

/// <summary>The closing lines of a followed run, and the exit code they imply.</summary>
internal static class RunOutcome
{
    public static int Write(IAnsiConsole console, RunDetails? run, string runName)
    {
        if (run is null)
        {
            console.MarkupLine($"[yellow]Stopped following run {runName}[/] before it started; `uet resume {runName}` continues it.");
            return ExitCodes.Failed;
        }

        if (!run.IsFinal())
        {
            console.MarkupLine($"[yellow]Stopped following run {runName}[/] while it was {run.State}; `uet resume {runName}` continues it.");
            return ExitCodes.Failed;
        }

        var elapsed = (run.FinishedAt ?? run.UpdatedAt) - run.CreatedAt;
        console.WriteLine();
        console.MarkupLine($"run [bold]{Markup.Escape(run.RunName)}[/] {RunRenderer.StateMarkup(run.State)} in {RunRenderer.Format(elapsed)}: {RunRenderer.Summary(run)}");
        if (run.Reason is { Length: > 0 } reason)
        {
            console.MarkupLine($"  reason: {Markup.Escape(reason)}");
        }

        if (BudgetText.Status(run.Budget) is { } budget)
        {
            console.WriteLine("  " + budget);
        }

        if (run.State == "Halted")
        {
            console.MarkupLine($"  halted: `uet resume {Markup.Escape(run.RunName)} --budget USD` continues it with a higher budget.");
        }

        foreach (var ws in run.Workstreams.Where(w => w.State is "FAILED" or "CANCELLED" or "SKIPPED"))
        {
            console.MarkupLine($"  {Markup.Escape(ws.Id)} {RunRenderer.StateMarkup(ws.State)} (attempt {ws.Attempt}){(ws.Error is { Length: > 0 } e ? ": " + Markup.Escape(e) : "")}");
        }

        if (run.IntegrationReverted)
        {
            console.MarkupLine($"  compensation: {Markup.Escape(run.IntegrationBranch ?? "the integration branch")} was reset to its base {Markup.Escape(Short(run.BaseCommit))}"
                + (run.ArchiveRef is { Length: > 0 } archive ? $"; what it held is kept at {Markup.Escape(archive)}" : ""));
        }

        if (run.IntegrationBranch is { Length: > 0 } branch && run.State == "Completed")
        {
            console.MarkupLine($"  integrated on [bold]{Markup.Escape(branch)}[/] at {Markup.Escape(run.IntegrationHead ?? "?")}: git log --graph --oneline {Markup.Escape(branch)}");
        }

        return run.State == "Completed" ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static string Short(string? commit) => commit is { Length: > 12 } c ? c[..12] : commit ?? "?";
}
