using static Uet.Domain.Tests.TestPlans;

namespace Uet.Domain.Tests;

public class ConflictGraphTests
{
    [Fact]
    public void Directory_prefix_overlap_is_a_conflict_with_a_reason()
    {
        var graph = ConflictGraph.Build(Plan(
            Ws("ws-a", ["core/engine/"]),
            Ws("ws-b", ["core/engine/x.py"]),
            Ws("ws-c", ["core/state/db.py"])));

        Assert.Equal(["ws-b"], graph.ConflictsOf("ws-a"));
        Assert.Equal(["ws-a"], graph.ConflictsOf("ws-b"));
        Assert.Empty(graph.ConflictsOf("ws-c"));
        Assert.Equal("scopes overlap: ws-a 'core/engine/' and ws-b 'core/engine/x.py'", graph.ReasonFor("ws-a", "ws-b"));
        Assert.Equal(graph.ReasonFor("ws-a", "ws-b"), graph.ReasonFor("ws-b", "ws-a"));
        Assert.Null(graph.ReasonFor("ws-a", "ws-c"));
        Assert.Equal(1, graph.PairCount);
    }

    [Fact]
    public void Globs_conflict_only_with_what_they_match()
    {
        var graph = ConflictGraph.Build(Plan(
            Ws("ws-glob", ["src/**/*.cs"]),
            Ws("ws-cs", ["src/a/b.cs"]),
            Ws("ws-py", ["src/a/b.py"])));

        Assert.Equal(["ws-cs"], graph.ConflictsOf("ws-glob"));
        Assert.Empty(graph.ConflictsOf("ws-py"));
    }

    [Fact]
    public void Same_conflict_group_conflicts_even_without_shared_files()
    {
        var graph = ConflictGraph.Build(Plan(
            Ws("ws-a", ["a.cs"], group: "db"),
            Ws("ws-b", ["b.cs"], group: "db"),
            Ws("ws-c", ["c.cs"], group: "ui")));

        Assert.Equal("same conflict_group 'db'", graph.ReasonFor("ws-b", "ws-a"));
        Assert.Empty(graph.ConflictsOf("ws-c"));
    }

    [Fact]
    public void Without_scopes_only_conflict_groups_count_for_the_optimistic_overlap_policy()
    {
        var plan = Plan(
            Ws("ws-a", ["core/engine/"], group: "db"),
            Ws("ws-b", ["core/engine/x.py"]),
            Ws("ws-c", ["core/state/db.py"], group: "db"));

        var graph = ConflictGraph.Build(plan, includeScopes: false);

        Assert.Equal(["ws-c"], graph.ConflictsOf("ws-a"));
        Assert.Empty(graph.ConflictsOf("ws-b"));
        Assert.Equal(2, ConflictGraph.Build(plan).PairCount);
    }

    [Fact]
    public void Files_create_counts_as_scope_and_a_workstream_never_conflicts_with_itself()
    {
        var a = Ws("ws-a", ["src/a.cs", "src/"]) with { FilesCreate = ["gen/out.txt"] };
        var b = Ws("ws-b", ["src/b.cs"]) with { FilesCreate = ["gen/"] };
        var graph = ConflictGraph.Build(Plan(a, b));

        Assert.Equal(["ws-b"], graph.ConflictsOf("ws-a"));
        Assert.DoesNotContain("ws-a", graph.ConflictsOf("ws-a"));
        Assert.Empty(graph.ConflictsOf("ws-unknown"));
    }

    [Fact]
    public void Reason_does_not_depend_on_input_order()
    {
        var a = Ws("ws-a", ["src/", "docs/x.md"]);
        var b = Ws("ws-b", ["src/x.cs", "docs/"]);
        var forward = ConflictGraph.Build(new("p", new(), [a, b]));
        var backward = ConflictGraph.Build(new("p", new(), [b, a]));
        Assert.Equal(forward.ReasonFor("ws-a", "ws-b"), backward.ReasonFor("ws-a", "ws-b"));
        Assert.Equal(forward.Pairs(), backward.Pairs());
    }

    [Fact]
    public void Matches_a_brute_force_comparison_on_random_scopes()
    {
        var random = new Random(1234);
        string[] dirs = ["src", "src/a", "src/a/b", "docs", "lib"];
        string[] names = ["x.cs", "y.cs", "z.py", "*.cs", "**/*.py", "w*.cs"];
        var workstreams = Enumerable.Range(0, 60).Select(i => Ws($"ws-{i:D3}",
            Enumerable.Range(0, 3).Select(_ => random.Next(6) == 0
                ? dirs[random.Next(dirs.Length)] + "/"
                : dirs[random.Next(dirs.Length)] + "/" + names[random.Next(names.Length)]).ToArray())).ToArray();
        var graph = ConflictGraph.Build(Plan(workstreams));

        foreach (var a in workstreams)
        {
            foreach (var b in workstreams)
            {
                if (a.Id == b.Id)
                {
                    continue;
                }
                var expected = a.FilesScope.Any(x => b.FilesScope.Any(y =>
                    Scopes.ScopePattern.Parse(x).Overlaps(Scopes.ScopePattern.Parse(y))));
                Assert.Equal(expected, graph.ConflictsOf(a.Id).Contains(b.Id));
            }
        }
    }
}
