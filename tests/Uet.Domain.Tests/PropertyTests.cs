using CsCheck;

using Uet.Contracts.Plans;
using Uet.Domain.Graph;

namespace Uet.Domain.Tests;

/// <summary>Invariants over random plans: random DAGs, scopes drawn from a small pool so that many overlap.</summary>
public class PropertyTests
{
    private static readonly string[] ScopePool =
        ["src/", "src/a.cs", "src/b.cs", "src/x/", "src/x/y.cs", "src/**/*.py", "src/x/z.py", "docs/", "docs/a.md", "**/*.md", "lib/c.cs", "lib/d.cs"];

    /// <summary>A random plan: each workstream depends on some earlier ones and claims 1–2 pooled scopes.</summary>
    private static readonly Gen<RandomPlan> Plans =
        Gen.Select(Gen.Int[1, 30], Gen.Int[1, 5], Gen.Int[0, int.MaxValue])
            .Select((count, workers, seed) => RandomPlan.Create(count, workers, seed));

    internal sealed record RandomPlan(IReadOnlyList<PlanFile> Files, int MaxWorkers, int Seed)
    {
        public static RandomPlan Create(int count, int workers, int seed)
        {
            var random = new Random(seed);
            var bundles = new List<string>();
            for (var i = 0; i < count; i++)
            {
                var deps = Enumerable.Range(0, random.Next(4)).Where(_ => i > 0).Select(_ => $"\"ws-{random.Next(i):D2}\"").Distinct();
                var scopes = Enumerable.Range(0, 1 + random.Next(2)).Select(_ => $"\"{ScopePool[random.Next(ScopePool.Length)]}\"").Distinct();
                var extra = random.Next(8) switch
                {
                    0 => ", \"parallel_ok\": false",
                    1 => ", \"conflict_group\": \"g\"",
                    2 => ", \"priority\": \"background\"",
                    _ => "",
                };
                bundles.Add($$"""{"id": "ws-{{i:D2}}", "files_scope": [{{string.Join(",", scopes)}}], "tasks": ["t"], "tool": "shell", "depends_on": [{{string.Join(",", deps)}}]{{extra}}}""");
            }
            // Spread the bundles over files, arrays and single objects alike.
            var files = bundles.Select((b, i) => (File: $"f{i % 3}.json", Bundle: b)).GroupBy(x => x.File)
                .Select(g => new PlanFile(g.Key, $"[{string.Join(",\n", g.Select(x => x.Bundle))}]")).ToList();
            return new RandomPlan(files, workers, seed);
        }

        public PlanReport Inspect() => PlanInspector.Inspect("random", Files, new InspectOptions { MaxWorkers = MaxWorkers });

        public override string ToString() => string.Join("\n", Files.Select(f => f.Content)) + $"\nmax_workers={MaxWorkers}";
    }

    private static Dictionary<string, WorkstreamSpec> ById(PlanReport report) => report.Plan!.Workstreams.ToDictionary(w => w.Id);

    [Fact]
    public void Random_plans_are_valid_and_their_waves_respect_dependencies_workers_and_conflicts()
    {
        Plans.Sample(plan =>
        {
            var report = plan.Inspect();
            Assert.True(report.IsValid, string.Join("\n", report.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
            var analysis = report.Analysis!;
            var byId = ById(report);
            var conflicts = ConflictGraph.Build(report.Plan!);
            var waveOf = new Dictionary<string, int>();
            for (var w = 0; w < analysis.Waves.Count; w++)
            {
                var wave = analysis.Waves[w];
                Assert.InRange(wave.Count, 1, plan.MaxWorkers);
                Assert.Equal(wave.Order(StringComparer.Ordinal), wave);
                foreach (var id in wave)
                {
                    waveOf.Add(id, w); // throws when a workstream is placed twice
                    if (!byId[id].ParallelOk)
                    {
                        Assert.Single(wave);
                    }
                    foreach (var other in wave)
                    {
                        Assert.DoesNotContain(other, conflicts.ConflictsOf(id));
                    }
                }
            }
            Assert.Equal(byId.Count, waveOf.Count);
            foreach (var ws in byId.Values)
            {
                Assert.All(ws.DependsOn, dep => Assert.True(waveOf[dep] < waveOf[ws.Id], $"{ws.Id} runs before its dependency {dep}"));
            }
            // Unit weights: the critical path is a chain, and every chain needs one wave per workstream.
            Assert.True(analysis.CriticalPathLength <= analysis.Waves.Count);
            Assert.Equal(analysis.CriticalPath.Count, analysis.CriticalPathLength);
            Assert.Equal(analysis.Levels.Count, analysis.CriticalPathLength);
        }, iter: 300);
    }

    [Fact]
    public void Levels_place_each_workstream_one_above_its_deepest_dependency()
    {
        Plans.Sample(plan =>
        {
            var report = plan.Inspect();
            var levelOf = report.Analysis!.Levels.SelectMany((ids, level) => ids.Select(id => (id, level))).ToDictionary(x => x.id, x => x.level);
            foreach (var ws in report.Plan!.Workstreams)
            {
                Assert.Equal(ws.DependsOn.Count == 0 ? 0 : ws.DependsOn.Max(d => levelOf[d]) + 1, levelOf[ws.Id]);
            }
            Assert.Equal(report.Analysis.Levels.Max(l => l.Count), report.Analysis.MaxParallelism);
        }, iter: 200);
    }

    [Fact]
    public void Inspecting_is_deterministic_whatever_the_order_of_the_files()
    {
        Plans.Sample(plan =>
        {
            var first = Render(plan.Inspect());
            var reversed = Render(PlanInspector.Inspect("random", plan.Files.Reverse().ToArray(), new InspectOptions { MaxWorkers = plan.MaxWorkers }));
            Assert.Equal(first, reversed);
            Assert.Equal(first, Render(plan.Inspect()));
        }, iter: 100);
    }

    [Fact]
    public void Conflict_warnings_and_listed_conflicts_are_exactly_the_unordered_conflicting_pairs()
    {
        Plans.Sample(plan =>
        {
            var report = plan.Inspect();
            var byId = ById(report);
            var conflicts = ConflictGraph.Build(report.Plan!);
            var ancestors = byId.Keys.ToDictionary(id => id, id => Ancestors(id, byId));
            var expected = conflicts.Pairs()
                .Where(p => !ancestors[p.First].Contains(p.Second) && !ancestors[p.Second].Contains(p.First))
                .ToArray();
            Assert.Equal(expected, report.Analysis!.Conflicts);
        }, iter: 200);
    }

    [Fact]
    public void Conflict_graph_agrees_with_comparing_every_pair()
    {
        Plans.Sample(plan =>
        {
            var report = plan.Inspect();
            var conflicts = ConflictGraph.Build(report.Plan!);
            foreach (var a in report.Plan!.Workstreams)
            {
                foreach (var b in report.Plan.Workstreams.Where(b => b.Id != a.Id))
                {
                    var overlap = a.FilesScope.Any(x => b.FilesScope.Any(y => Scopes.ScopePattern.Parse(x).Overlaps(Scopes.ScopePattern.Parse(y))));
                    var group = a.ConflictGroup is not null && a.ConflictGroup == b.ConflictGroup;
                    Assert.Equal(overlap || group, conflicts.ConflictsOf(a.Id).Contains(b.Id));
                }
            }
        }, iter: 200);
    }

    [Fact]
    public void Reachability_agrees_with_the_transitive_closure()
    {
        Plans.Sample(plan =>
        {
            var report = plan.Inspect();
            var byId = ById(report);
            var graph = PlanGraph.Build(report.Plan!.Workstreams);
            var order = graph.RequireTopologicalOrder();
            var reach = new Reachability(graph, graph.Levels(order));
            for (var a = 0; a < graph.Count; a++)
            {
                var ancestorsOfA = Ancestors(graph.Ids[a], byId);
                for (var b = 0; b < graph.Count; b++)
                {
                    Assert.Equal(a == b || ancestorsOfA.Contains(graph.Ids[b]), reach.Reaches(b, a));
                }
            }
        }, iter: 200);
    }

    [Fact]
    public void Remaining_lengths_bound_each_dependency_chain()
    {
        Plans.Sample(plan =>
        {
            var report = plan.Inspect();
            var lengths = CriticalPath.RemainingLengths(report.Plan!);
            foreach (var ws in report.Plan!.Workstreams)
            {
                Assert.True(lengths[ws.Id] >= 1);
                Assert.All(ws.DependsOn, dep => Assert.True(lengths[dep] >= lengths[ws.Id] + 1));
            }
            Assert.Equal(report.Analysis!.CriticalPathLength, lengths.Values.Max());
        }, iter: 200);
    }

    private static HashSet<string> Ancestors(string id, Dictionary<string, WorkstreamSpec> byId)
    {
        var seen = new HashSet<string>();
        var stack = new Stack<string>(byId[id].DependsOn);
        while (stack.Count > 0)
        {
            var next = stack.Pop();
            if (seen.Add(next))
            {
                foreach (var dep in byId[next].DependsOn)
                {
                    stack.Push(dep);
                }
            }
        }
        return seen;
    }

    private static string Render(PlanReport report) =>
        System.Text.Json.JsonSerializer.Serialize(new { report.Diagnostics, report.Analysis, Ids = report.Plan?.Workstreams.Select(w => w.Id) });
}
