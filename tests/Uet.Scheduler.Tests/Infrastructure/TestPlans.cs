using Uet.Contracts;
using Uet.Contracts.Plans;

namespace Uet.Scheduler.Tests.Infrastructure;

/// <summary>Small plans built in code: every workstream runs the built-in <c>shell</c> tool.</summary>
internal static class TestPlans
{
    public static WorkstreamSpec Ws(
        string id,
        string[]? dependsOn = null,
        string[]? scope = null,
        bool parallelOk = true,
        string? conflictGroup = null,
        string priority = "foreground",
        int? maxAttempts = null,
        string[]? compensation = null,
        double? minutes = null) =>
        new()
        {
            Id = id,
            DependsOn = dependsOn ?? [],
            FilesScope = scope ?? [$"src/{id}/"],
            Tasks = [$"echo {id}"],
            Tool = "shell",
            ParallelOk = parallelOk,
            ConflictGroup = conflictGroup,
            Priority = priority,
            CircuitBreaker = maxAttempts is null ? null : new CircuitBreakerSpec(maxAttempts, null, null),
            CompensationActions = compensation ?? [],
            EstimatedMinutes = minutes,
            SourceFile = $"{id}.json",
        };

    public static PlanDocument Plan(params WorkstreamSpec[] workstreams) => Plan(new PlanSettings(), workstreams);

    public static PlanDocument Plan(PlanSettings settings, params WorkstreamSpec[] workstreams) =>
        new("test-plan", settings, workstreams.OrderBy(w => w.Id, StringComparer.Ordinal).ToList());

    /// <summary>a → (b, c) → d.</summary>
    public static PlanDocument Diamond(PlanSettings? settings = null) => Plan(
        settings ?? new PlanSettings(),
        Ws("a"),
        Ws("b", ["a"]),
        Ws("c", ["a"]),
        Ws("d", ["b", "c"]));

    public static RunOptions Options(string runName, int? maxWorkers = null, FailurePolicy? policy = null) => new()
    {
        RunName = runName,
        RepoPath = "/repo/" + runName,
        MaxWorkers = maxWorkers,
        FailurePolicy = policy,
        StateDir = "/state/" + runName,
    };
}
