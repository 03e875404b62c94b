using Uet.Contracts.Plans;

namespace Uet.Domain.Tests;

/// <summary>Small builders for plans in tests.</summary>
internal static class TestPlans
{
    public static WorkstreamSpec Ws(string id, string[]? scope = null, string[]? deps = null, string? group = null,
        double? minutes = null, bool parallelOk = true) =>
        new()
        {
            Id = id,
            FilesScope = scope ?? [$"src/{id}.cs"],
            DependsOn = deps ?? [],
            Tasks = ["do it"],
            Tool = "shell",
            ConflictGroup = group,
            EstimatedMinutes = minutes,
            ParallelOk = parallelOk,
            SourceFile = $"{id}.json",
        };

    public static PlanDocument Plan(params WorkstreamSpec[] workstreams) =>
        new("test", new PlanSettings(), workstreams.OrderBy(w => w.Id, StringComparer.Ordinal).ToArray());
}
