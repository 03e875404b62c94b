using Uet.Contracts;
using Uet.Contracts.Plans;

namespace Uet.Cost.Tests.Infrastructure;

/// <summary>Contract messages as the other services would send them.</summary>
internal static class Messages
{
    public static readonly DateTimeOffset Now = new(2026, 3, 14, 15, 9, 26, TimeSpan.Zero);

    public static UsageReported Usage(
        Guid runId,
        string workstreamId,
        int sequence,
        string model = "claude-sonnet-4-5",
        long input = 0,
        long output = 0,
        long cached = 0,
        decimal? costUsd = null,
        int attempt = 1) =>
        new(runId, workstreamId, attempt, sequence, model, input, output, cached, costUsd, Now);

    /// <summary>A usage report whose cost the tool printed itself: the budget tests choose exact dollar amounts this way.</summary>
    public static UsageReported Spent(Guid runId, string workstreamId, int sequence, decimal usd, int attempt = 1) =>
        Usage(runId, workstreamId, sequence, input: 100, output: 10, costUsd: usd, attempt: attempt);

    public static PlanAccepted Accepted(
        Guid runId,
        BudgetSpec? budget,
        IEnumerable<(string Id, decimal? MaxCostUsd)> workstreams,
        decimal? optionBudget = null,
        BudgetMode? optionMode = null)
    {
        var plan = new PlanDocument(
            "costs",
            new PlanSettings { Budget = budget, DefaultTool = "fake-agent" },
            workstreams.Select(w => new WorkstreamSpec { Id = w.Id, MaxCostUsd = w.MaxCostUsd, FilesScope = [w.Id + ".txt"], Tasks = ["t"] }).ToList());
        var options = new RunOptions { RunName = "costs", RepoPath = "/nonexistent", BudgetUsd = optionBudget, BudgetMode = optionMode };
        return new PlanAccepted(runId, plan, new PlanAnalysis { WorkstreamCount = plan.Workstreams.Count }, options, [], Now);
    }

    public static PlanAccepted Accepted(Guid runId, decimal? runBudget, BudgetMode mode, params (string Id, decimal? MaxCostUsd)[] workstreams) =>
        Accepted(runId, new BudgetSpec(runBudget, mode), workstreams);
}
