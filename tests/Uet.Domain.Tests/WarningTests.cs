using Uet.Contracts.Plans;

using static Uet.Domain.Tests.JsonPlans;

namespace Uet.Domain.Tests;

/// <summary>Warnings leave the plan valid; each names the file, the workstream, the field and the fix.</summary>
public sealed class WarningTests : IDisposable
{
    private readonly string _repo = Directory.CreateTempSubdirectory("uet-repo-").FullName;

    public void Dispose() => Directory.Delete(_repo, recursive: true);

    private static PlanDiagnostic Warning(PlanReport report, string code)
    {
        Assert.True(report.IsValid, string.Join("\n", Errors(report)));
        var d = Assert.Single(report.Diagnostics, d => d.Code == code);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.False(string.IsNullOrWhiteSpace(d.Fix));
        Assert.NotNull(d.File);
        return d;
    }

    [Fact]
    public void Overlapping_scopes_of_unordered_workstreams_are_flagged_with_the_paths()
    {
        var report = Inspect(
            ("a.json", Bundle("ws-a", scope: "\"core/engine/\"")),
            ("b.json", Bundle("ws-b", scope: "\"core/engine/x.py\"")));
        var d = Warning(report, DiagnosticCodes.ScopeOverlap);
        Assert.Equal(("a.json", "ws-a", "files_scope"), (d.File, d.WorkstreamId, d.Field));
        Assert.Contains("'core/engine/'", d.Message, StringComparison.Ordinal);
        Assert.Contains("'core/engine/x.py'", d.Message, StringComparison.Ordinal);
        Assert.Contains("b.json", d.Message, StringComparison.Ordinal);
        Assert.Contains("depends_on", d.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Globs_overlap_what_they_match()
    {
        var report = Inspect(
            ("a.json", Bundle("ws-a", scope: "\"src/**/*.cs\"")),
            ("b.json", Bundle("ws-b", scope: "\"src/a/b.cs\"")),
            ("c.json", Bundle("ws-c", scope: "\"src/a/b.py\"")));
        var d = Warning(report, DiagnosticCodes.ScopeOverlap);
        Assert.Contains("ws-b", d.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ws-c", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Workstreams_ordered_by_dependencies_even_transitively_are_not_flagged()
    {
        var report = Inspect(
            ("a.json", Bundle("ws-a", scope: "\"docs/\"")),
            ("b.json", Bundle("ws-b", "\"depends_on\": [\"ws-a\"]", scope: "\"src/b.cs\"")),
            ("c.json", Bundle("ws-c", "\"depends_on\": [\"ws-b\"]", scope: "\"docs/guide.md\"")));
        Assert.True(report.IsValid);
        Assert.DoesNotContain(report.Diagnostics, d => d.Code == DiagnosticCodes.ScopeOverlap);
        Assert.Empty(report.Analysis!.Conflicts);
    }

    [Fact]
    public void One_workstream_overlapping_many_gets_one_warning_listing_them()
    {
        var others = Enumerable.Range(0, 8).Select(i => ($"f{i}.json", Bundle($"ws-f{i}", scope: $"\"docs/f{i}.md\""))).ToArray();
        var report = Inspect([("a.json", Bundle("ws-a", scope: "\"docs/\"")), .. others]);
        var d = Warning(report, DiagnosticCodes.ScopeOverlap);
        Assert.Contains("overlaps 8 workstreams", d.Message, StringComparison.Ordinal);
        Assert.Contains("and 3 more", d.Message, StringComparison.Ordinal);
        Assert.Equal(8, report.Analysis!.Conflicts.Count);
    }

    [Fact]
    public void Many_conflicts_checked_in_parallel_chunks_give_the_same_answer()
    {
        // 300 workstreams under one folder: 33,675 unordered pairs (150 folders with each other and with 150 files), enough to be split across cores.
        var bundles = Enumerable.Range(0, 300).Select(i => Bundle($"ws-{i:D3}", scope: i % 2 == 0 ? "\"docs/\"" : $"\"docs/f{i}.md\""));
        var report = Inspect(("a.json", $"[{string.Join(",", bundles)}]"));
        Assert.True(report.IsValid);
        var expected = ConflictGraph.Build(report.Plan!).Pairs().ToArray();
        Assert.Equal(33_675, expected.Length);
        Assert.Equal(expected, report.Analysis!.Conflicts);
        var warnings = report.Diagnostics.Where(d => d.Code == DiagnosticCodes.ScopeOverlap).ToArray();
        Assert.Equal(299, warnings.Length);
        Assert.Equal(report.Plan!.Workstreams.Take(299).Select(w => w.Id), warnings.Select(w => w.WorkstreamId));
    }

    [Fact]
    public void A_shared_conflict_group_is_flagged_on_each_member()
    {
        var report = Inspect(
            ("a.json", Bundle("ws-a", "\"conflict_group\": \"db\"", scope: "\"a.sql\"")),
            ("b.json", Bundle("ws-b", "\"conflict_group\": \"db\"", scope: "\"b.sql\"")));
        Assert.True(report.IsValid);
        var warnings = report.Diagnostics.Where(d => d.Code == DiagnosticCodes.SharedConflictGroup).ToArray();
        Assert.Equal(["ws-a", "ws-b"], warnings.Select(w => w.WorkstreamId));
        Assert.All(warnings, w => Assert.Equal("conflict_group", w.Field));
        Assert.Contains("'db'", warnings[0].Message, StringComparison.Ordinal);
        Assert.Equal("same conflict_group 'db'", Assert.Single(report.Analysis!.Conflicts).Reason);
    }

    [Fact]
    public void Missing_budget_and_context_estimate_are_flagged()
    {
        var report = Inspect(("a.json", """{"id": "ws-a", "files_scope": ["x.cs"], "tasks": ["t"], "tool": "aider"}"""));
        var budget = Warning(report, DiagnosticCodes.MissingBudget);
        Assert.Equal(("max_cost_usd", "ws-a", "a.json", 1L), (budget.Field, budget.WorkstreamId, budget.File, budget.Line));
        var context = Warning(report, DiagnosticCodes.MissingContextEstimate);
        Assert.Equal("estimated_context_tokens", context.Field);
        Assert.Contains("128k", context.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shell_workstreams_need_no_context_estimate()
    {
        var report = Inspect(("a.json", """{"id": "ws-a", "files_scope": ["x.cs"], "tasks": ["t"], "tool": "shell", "max_cost_usd": 0}"""));
        Assert.Empty(report.Diagnostics);
    }

    [Theory]
    [InlineData("aider", 130_000, true)]
    [InlineData("claude", 130_000, false)]
    [InlineData("claude", 210_000, true)]
    [InlineData("codex", 128_000, false)]
    public void Context_estimates_are_held_against_the_tool_window(string tool, long tokens, bool tooLarge)
    {
        var report = Inspect(("a.json", $$"""{"id": "ws-a", "files_scope": ["x.cs"], "tasks": ["t"], "tool": "{{tool}}", "max_cost_usd": 1, "estimated_context_tokens": {{tokens}}}"""));
        Assert.Equal(tooLarge, report.Diagnostics.Any(d => d.Code == DiagnosticCodes.ContextTooLarge));
    }

    [Fact]
    public void Context_windows_can_be_overridden_per_tool()
    {
        var options = new InspectOptions { ContextWindows = new Dictionary<string, long> { ["claude"] = 1_000 } };
        var report = Inspect(options, ("a.json", Bundle("ws-a", tool: "\"claude\"").Replace("\"estimated_context_tokens\": 100", "\"estimated_context_tokens\": 1500", StringComparison.Ordinal)));
        var d = Warning(report, DiagnosticCodes.ContextTooLarge);
        Assert.Equal("estimated_context_tokens", d.Field);
        Assert.Contains("1k tokens", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_a_repository_the_context_is_measured_from_the_files_in_scope()
    {
        // 4 characters per token: 2 x 300,000 bytes under src/big/ is 150k tokens, above aider's 128k.
        Directory.CreateDirectory(Path.Combine(_repo, "src", "big", "deep"));
        File.WriteAllText(Path.Combine(_repo, "src", "big", "a.cs"), new string('a', 300_000));
        File.WriteAllText(Path.Combine(_repo, "src", "big", "deep", "b.cs"), new string('b', 300_000));
        File.WriteAllText(Path.Combine(_repo, "src", "big", "deep", "c.txt"), new string('c', 300_000));
        File.WriteAllText(Path.Combine(_repo, "src", "small.cs"), "x");
        Directory.CreateDirectory(Path.Combine(_repo, ".git"));
        File.WriteAllText(Path.Combine(_repo, ".git", "huge.pack"), new string('g', 900_000));

        var options = new InspectOptions { RepoPath = _repo };
        var plan = (string scope) => Inspect(options, ("a.json", $$"""{"id": "ws-a", "files_scope": [{{scope}}], "tasks": ["t"], "tool": "aider", "max_cost_usd": 1}"""));

        var byGlob = Warning(plan("\"src/**/*.cs\""), DiagnosticCodes.ContextTooLarge);
        Assert.Contains("150k tokens", byGlob.Message, StringComparison.Ordinal);
        Assert.Equal("files_scope", byGlob.Field);
        Assert.Contains("225k tokens", Warning(plan("\"src/big/\""), DiagnosticCodes.ContextTooLarge).Message, StringComparison.Ordinal);
        // Overlapping entries count each file once; a small scope is fine; no estimate is asked for.
        Assert.Contains("150k tokens", Warning(plan("\"src/big/a.cs\", \"src/**/*.cs\""), DiagnosticCodes.ContextTooLarge).Message, StringComparison.Ordinal);
        Assert.Empty(plan("\"src/small.cs\", \"src/big/deep/b.cs\"").Diagnostics);
        Assert.Empty(plan("\".git/\"").Diagnostics);
    }

    [Fact]
    public void Gates_without_a_command_or_default_will_be_skipped()
    {
        var report = Inspect(("a.json", Bundle("ws-a", "\"test_gates\": [{\"type\": \"GATE_UNIT\"}, {\"type\": \"GATE_LINT\", \"command\": \"lint\"}]")));
        var d = Warning(report, DiagnosticCodes.GateWithoutCommand);
        Assert.Equal(("test_gates", "ws-a"), (d.Field, d.WorkstreamId));
        Assert.Contains("GATE_UNIT", d.Message, StringComparison.Ordinal);
        Assert.Contains("skipped at run time", d.Message, StringComparison.Ordinal);

        var withDefault = Inspect(("plan.json", "{\"gate_commands\": {\"GATE_UNIT\": \"dotnet test\"}}"),
            ("a.json", Bundle("ws-a", "\"test_gates\": [{\"type\": \"GATE_UNIT\"}]")));
        Assert.Empty(withDefault.Diagnostics);
    }

    [Fact]
    public void Integration_gates_without_a_command_are_flagged_in_plan_json()
    {
        var report = Inspect(("plan.json", "{\n\"integration_gates\": [{\"type\": \"GATE_SECURITY\"}]}"), ("a.json", Bundle("ws-a")));
        var d = Warning(report, DiagnosticCodes.GateWithoutCommand);
        Assert.Equal(("plan.json", "integration_gates[0]", 2L), (d.File, d.Field, d.Line));
    }

    [Fact]
    public void Workstream_budgets_above_the_plan_budget_are_flagged()
    {
        var report = Inspect(("plan.json", "{\"budget\": {\"max_cost_usd\": 1.5}}"),
            ("a.json", $"[{Bundle("ws-a", scope: "\"a\"")}, {Bundle("ws-b", scope: "\"b\"")}]"));
        var d = Warning(report, DiagnosticCodes.BudgetsExceedPlanBudget);
        Assert.Contains("$2", d.Message, StringComparison.Ordinal);
        Assert.Contains("$1.5", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Diagnostics_are_sorted_by_file_line_workstream_and_code()
    {
        var report = Inspect(
            ("b.json", """{"id": "ws-b", "files_scope": ["x"], "tasks": ["t"], "tool": "aider"}"""),
            ("a.json", "[\n" + """{"id": "ws-a2", "files_scope": ["y"], "tasks": ["t"], "tool": "aider"},""" + "\n" +
                       """{"id": "ws-a1", "files_scope": ["z"], "tasks": ["t"], "tool": "aider"}""" + "\n]"));
        var keys = report.Diagnostics.Select(d => (d.File, d.Line, d.WorkstreamId, d.Code)).ToArray();
        Assert.Equal(
        [
            ("a.json", 2L, "ws-a2", DiagnosticCodes.MissingBudget), ("a.json", 2L, "ws-a2", DiagnosticCodes.MissingContextEstimate),
            ("a.json", 3L, "ws-a1", DiagnosticCodes.MissingBudget), ("a.json", 3L, "ws-a1", DiagnosticCodes.MissingContextEstimate),
            ("b.json", 1L, "ws-b", DiagnosticCodes.MissingBudget), ("b.json", 1L, "ws-b", DiagnosticCodes.MissingContextEstimate),
        ], keys);
    }
}
