using System.Globalization;

using Uet.Contracts;

namespace Uet.Metrics.Reports;

/// <summary>A few words on what one event says, for one-line listings (<c>uet events</c>).</summary>
public static class EventSummary
{
    public static string Describe(object message) => message switch
    {
        SubmitPlan m => $"plan '{m.PlanName}', {m.Files.Count} file(s)",
        PlanAccepted m => $"plan '{m.Plan.Name}' accepted: {m.Plan.Workstreams.Count} workstreams, {m.Analysis.Waves.Count} waves, {m.Warnings.Count} warning(s)",
        PlanRejected m => $"plan '{m.PlanName}' rejected: {m.Errors.Count} error(s)" + (m.Errors.Count > 0 ? $": {m.Errors[0].Code} {m.Errors[0].Message}" : ""),
        RunStarted m => $"{m.Workstreams} workstreams",
        RunCompleted m => $"{m.IntegrationBranch} at {Short(m.IntegrationHead)}",
        RunFailed m => m.Reason,
        RunCancelled m => m.Reason,
        RunHalted m => m.Reason,
        CancelRun m => m.Reason,
        ResumeRun m => m.BudgetUsd is { } b ? $"budget {Usd(b)}" : "",
        WorkstreamStateChanged m => m.Detail is { Length: > 0 } d ? $"{m.State}: {d}" : m.State,
        ExecuteWorkstream m => $"tool {m.Tool.Name} on {Short(m.BaseCommit)}{(m.DryRun ? " (dry run)" : "")}",
        CancelWorkstream m => m.Reason,
        WorkstreamStarted m => $"worker {m.WorkerId}",
        WorkstreamSucceeded m => $"commit {Short(m.Commit)}, {m.ChangedFiles.Count} file(s) changed, {Seconds(m.FinishedAt - m.StartedAt)}",
        WorkstreamFailed m => $"{m.Kind}: {m.Reason}",
        GateEvaluated m => $"{m.Type} {(m.Passed ? "passed" : "failed")} (exit {m.ExitCode}, {Seconds(m.Duration)}{(m.Required ? "" : ", optional")})",
        WorkerStatusChanged m => $"{m.WorkerId} {m.State.ToString().ToUpperInvariant()} {m.BusySlots}/{m.Slots} busy",
        PrepareIntegration m => $"{m.IntegrationBranch} from {m.BaseRef}",
        IntegrationPrepared m => $"{m.IntegrationBranch} at {Short(m.Head)}",
        IntegrationPreparationFailed m => m.Reason,
        IntegrateWorkstream m => $"merge {Short(m.Commit)} into {m.IntegrationBranch}",
        WorkstreamIntegrated m => $"head {Short(m.IntegrationHead)}{(m.AlreadyIntegrated ? " (already integrated)" : "")}",
        MergeConflictDetected m => $"conflict in {string.Join(", ", m.ConflictingFiles.Take(5))}{(m.ConflictingFiles.Count > 5 ? ", …" : "")}",
        IntegrationGateFailed m => $"{m.Type} failed ({m.Command})",
        RevertIntegration m => $"reset {m.IntegrationBranch} to {Short(m.BaseCommit)}, {m.Compensations.Count} compensation(s)",
        IntegrationReverted m => $"reverted to {Short(m.RevertedTo)}{(m.ArchiveRef is { } a ? $", old head kept at {a}" : "")}",
        UsageReported m => $"{m.Model}: {m.InputTokens} in, {m.CachedInputTokens} cached, {m.OutputTokens} out",
        CostRecorded m => $"{m.Model}: {(m.Priced ? Usd(m.CostUsd) : "unpriced")}, run total {Usd(m.RunTotalUsd)}",
        BudgetWarning m => $"{m.WorkstreamId ?? "run"}: {Usd(m.SpentUsd)} of {Usd(m.BudgetUsd)} ({m.Percent.ToString("0.#", CultureInfo.InvariantCulture)}%)",
        BudgetExceeded m => $"{m.WorkstreamId ?? "run"}: {Usd(m.SpentUsd)} of {Usd(m.BudgetUsd)} ({m.Percent.ToString("0.#", CultureInfo.InvariantCulture)}%), mode {m.Mode.ToString().ToLowerInvariant()}",
        _ => "",
    };

    private static string Short(string commit) => commit.Length > 12 ? commit[..12] : commit;

    private static string Usd(decimal value) => ReportFormat.Usd(value);

    private static string Seconds(TimeSpan value) => ReportFormat.Duration(value);
}
