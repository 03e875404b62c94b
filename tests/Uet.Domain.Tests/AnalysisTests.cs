using static Uet.Domain.Tests.JsonPlans;

namespace Uet.Domain.Tests;

public class AnalysisTests
{
    private static string Ws(string id, string deps = "", string scope = "", string extra = "")
    {
        var members = new List<string>();
        if (deps.Length > 0)
        {
            members.Add($"\"depends_on\": [{string.Join(", ", deps.Split(',').Select(d => $"\"{d.Trim()}\""))}]");
        }
        if (extra.Length > 0)
        {
            members.Add(extra);
        }
        return Bundle(id, string.Join(", ", members), scope: scope.Length > 0 ? $"\"{scope}\"" : $"\"src/{id}.cs\"");
    }

    private static Contracts.Plans.PlanAnalysis Analyse(int maxWorkers, params string[] bundles)
    {
        var report = PlanInspector.Inspect("t", Files(("a.json", $"[{string.Join(",", bundles)}]")), new InspectOptions { MaxWorkers = maxWorkers });
        Assert.True(report.IsValid, string.Join("\n", Errors(report)));
        return report.Analysis!;
    }

    [Fact]
    public void Diamond_levels_waves_critical_path_and_speedups()
    {
        var a = Analyse(4, Ws("ws-a"), Ws("ws-b", "ws-a"), Ws("ws-c", "ws-a"), Ws("ws-d", "ws-b, ws-c"));

        Assert.Equal(4, a.WorkstreamCount);
        Assert.Equal([["ws-a"], ["ws-b", "ws-c"], ["ws-d"]], a.Levels);
        Assert.Equal([["ws-a"], ["ws-b", "ws-c"], ["ws-d"]], a.Waves);
        Assert.Equal(["ws-a", "ws-b", "ws-d"], a.CriticalPath);
        Assert.Equal(3, a.CriticalPathLength);
        Assert.Equal(4, a.TotalWork);
        Assert.False(a.WeightedByEstimates);
        Assert.Equal(Math.Round(4 / 3.0, 4), a.SpeedupByWaves);
        Assert.Equal(Math.Round(4 / 3.0, 4), a.SpeedupBound);
        Assert.Equal(2, a.MaxParallelism);
    }

    [Fact]
    public void Waves_respect_max_workers_and_run_the_longest_path_first()
    {
        // ws-long heads a chain, so it goes first even though ws-a sorts before it.
        var a = Analyse(2, Ws("ws-a"), Ws("ws-b"), Ws("ws-long"), Ws("ws-long-2", "ws-long"), Ws("ws-z"));
        Assert.Equal(5, a.Waves.Sum(w => w.Count));
        Assert.All(a.Waves, w => Assert.True(w.Count <= 2));
        Assert.Contains("ws-long", a.Waves[0]);
        Assert.Equal(3, a.Waves.Count);
        Assert.Equal(5 / Math.Max(2.0, 5 / 2.0), a.SpeedupBound);
    }

    [Fact]
    public void Conflicting_workstreams_never_share_a_wave()
    {
        var a = Analyse(4, Ws("ws-a", scope: "docs/"), Ws("ws-b", scope: "docs/x.md"), Ws("ws-c"));
        Assert.Equal([["ws-a", "ws-c"], ["ws-b"]], a.Waves);
        var conflict = Assert.Single(a.Conflicts);
        Assert.Equal(("ws-a", "ws-b"), (conflict.First, conflict.Second));
        Assert.Equal("scopes overlap: ws-a 'docs/' and ws-b 'docs/x.md'", conflict.Reason);
        Assert.Equal(3, a.MaxParallelism);
    }

    [Fact]
    public void A_workstream_that_is_not_parallel_ok_runs_alone()
    {
        var a = Analyse(4, Ws("ws-a"), Ws("ws-b", extra: "\"parallel_ok\": false"), Ws("ws-c"));
        Assert.Contains(a.Waves, w => w.Count == 1 && w[0] == "ws-b");
        Assert.All(a.Waves.Where(w => w.Contains("ws-b")), w => Assert.Single(w));
    }

    [Fact]
    public void Background_priority_yields_to_foreground_on_equal_paths()
    {
        var a = Analyse(1, Ws("ws-a", extra: "\"priority\": \"background\""), Ws("ws-b"));
        Assert.Equal([["ws-b"], ["ws-a"]], a.Waves);
    }

    [Fact]
    public void Estimated_minutes_weigh_the_critical_path()
    {
        var a = Analyse(4,
            Ws("ws-a", extra: "\"metadata\": {\"estimated_minutes\": 10}"),
            Ws("ws-b", "ws-a", extra: "\"metadata\": {\"estimated_minutes\": 5}"),
            Ws("ws-c", "ws-a", extra: "\"metadata\": {\"estimated_minutes\": 60}"));
        Assert.True(a.WeightedByEstimates);
        Assert.Equal(["ws-a", "ws-c"], a.CriticalPath);
        Assert.Equal(70, a.CriticalPathLength);
        Assert.Equal(75, a.TotalWork);
        Assert.Equal(Math.Round(75 / 70.0, 4), a.SpeedupBound);
    }

    [Fact]
    public void Bottlenecks_are_high_fan_in_and_fan_out()
    {
        var leaves = Enumerable.Range(0, 6).Select(i => Ws($"ws-leaf-{i}", "ws-hub")).ToArray();
        var a = Analyse(4, [Ws("ws-hub"), .. leaves, Ws("ws-sink", string.Join(",", leaves.Select((_, i) => $"ws-leaf-{i}")))]);
        Assert.Equal(["ws-hub", "ws-sink"], a.Bottlenecks.Select(b => b.WorkstreamId).Order(StringComparer.Ordinal));
        var hub = a.Bottlenecks.Single(b => b.WorkstreamId == "ws-hub");
        Assert.Equal((6, 0), (hub.Dependents, hub.Dependencies));
        Assert.Contains("fan-out", hub.Reason, StringComparison.Ordinal);
        Assert.Contains("fan-in", a.Bottlenecks.Single(b => b.WorkstreamId == "ws-sink").Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Budgets_are_totalled()
    {
        var report = Inspect(("a.json", $$"""
            [{"id": "ws-a", "files_scope": ["a"], "tasks": ["t"], "tool": "shell", "max_cost_usd": 1.25},
             {"id": "ws-b", "files_scope": ["b"], "tasks": ["t"], "tool": "shell", "max_cost_usd": 2},
             {"id": "ws-c", "files_scope": ["c"], "tasks": ["t"], "tool": "shell"}]
            """));
        Assert.Equal(3.25m, report.Analysis!.TotalBudgetUsd);
        Assert.Equal(1, report.Analysis.WorkstreamsWithoutBudget);
    }
}
