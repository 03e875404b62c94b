using Uet.Contracts.Plans;

using static Uet.Domain.Tests.JsonPlans;

namespace Uet.Domain.Tests;

public class LoaderTests
{
    [Fact]
    public void Every_seed_field_maps_onto_the_workstream()
    {
        const string json = """
            {
              "id": "ws-full",
              "openspec_change": "OS-1",
              "ccpm_issue": 42,
              "gate": 2,
              "files_scope": ["src/a/", "src/b.cs"],
              "files_create": ["src/new.cs"],
              "tasks": ["one", "two"],
              "acceptance_tests": ["dotnet test"],
              "depends_on": ["ws-base"],
              "tool": "claude",
              "capability": "code_generation",
              "capability_payload": {"prompt": "p", "timeout_ms": 5000},
              "circuit_breaker": {"max_attempts": 3, "max_error_repeats": 2, "oscillation_threshold": 1, "extra": true},
              "metadata": {"owner": "me", "estimated_minutes": 45},
              "parallel_ok": false,
              "conflict_group": "db",
              "kind": "refactor",
              "priority": "background",
              "estimated_context_tokens": 5000,
              "max_cost_usd": 2.5,
              "compensation_actions": ["git revert HEAD"],
              "test_gates": [{"type": "GATE_UNIT", "required": false, "blocking": false, "command": "dotnet test"}, {"type": "GATE_LINT"}]
            }
            """;
        var report = Inspect(("a.json", json), ("base.json", Bundle("ws-base")), ("plan.json", """{"gate_commands": {"GATE_LINT": "lint"}}"""));

        Assert.True(report.IsValid, string.Join("\n", report.Diagnostics));
        var ws = report.Plan!.Workstreams.Single(w => w.Id == "ws-full");
        Assert.Equal("OS-1", ws.OpenspecChange);
        Assert.Equal("42", ws.CcpmIssue);
        Assert.Equal(2, ws.Gate);
        Assert.Equal(["src/a/", "src/b.cs"], ws.FilesScope);
        Assert.Equal(["src/new.cs"], ws.FilesCreate);
        Assert.Equal(["one", "two"], ws.Tasks);
        Assert.Equal(["dotnet test"], ws.AcceptanceTests);
        Assert.Equal(["ws-base"], ws.DependsOn);
        Assert.Equal("claude", ws.Tool);
        Assert.Equal("code_generation", ws.Capability);
        Assert.Equal("p", ws.CapabilityPayload!.Value.GetProperty("prompt").GetString());
        Assert.Equal(new CircuitBreakerSpec(3, 2, 1), ws.CircuitBreaker);
        Assert.Equal("me", ws.Metadata!.Value.GetProperty("owner").GetString());
        Assert.Equal(45, ws.EstimatedMinutes);
        Assert.False(ws.ParallelOk);
        Assert.Equal("db", ws.ConflictGroup);
        Assert.Equal("refactor", ws.Kind);
        Assert.Equal("background", ws.Priority);
        Assert.Equal(5000, ws.EstimatedContextTokens);
        Assert.Equal(2.5m, ws.MaxCostUsd);
        Assert.Equal(["git revert HEAD"], ws.CompensationActions);
        Assert.Equal([new TestGateSpec("GATE_UNIT", false, false, "dotnet test"), new TestGateSpec("GATE_LINT")], ws.TestGates);
        Assert.Equal("a.json", ws.SourceFile);
    }

    [Fact]
    public void Defaults_fill_what_a_bundle_leaves_out()
    {
        var report = Inspect(("a.json", """{"id": "ws-min", "files_scope": ["x"], "tasks": ["t"], "tool": "shell"}"""));
        var ws = Assert.Single(report.Plan!.Workstreams);
        Assert.Equal((true, "impl", "foreground"), (ws.ParallelOk, ws.Kind, ws.Priority));
        Assert.Empty(ws.DependsOn);
        Assert.Empty(ws.FilesCreate);
        Assert.Null(ws.CcpmIssue);
        Assert.Null(ws.EstimatedMinutes);
        Assert.Null(ws.MaxCostUsd);
    }

    [Fact]
    public void Ccpm_issue_may_be_text()
    {
        var report = Inspect(("a.json", Bundle("ws-a", "\"ccpm_issue\": \"N/A\"")));
        Assert.Equal("N/A", report.Plan!.Workstreams[0].CcpmIssue);
    }

    [Fact]
    public void Arrays_and_objects_load_from_many_files_sorted_by_id_with_their_source_file()
    {
        var report = Inspect(
            ("z.json", $"[{Bundle("ws-b")}, {Bundle("ws-a", scope: "\"src/a.cs\"")}]"),
            ("a.json", Bundle("ws-c", scope: "\"src/c.cs\"")));

        Assert.True(report.IsValid);
        Assert.Equal(["ws-a", "ws-b", "ws-c"], report.Plan!.Workstreams.Select(w => w.Id));
        Assert.Equal(["z.json", "z.json", "a.json"], report.Plan.Workstreams.Select(w => w.SourceFile));
    }

    [Fact]
    public void Plan_json_holds_the_settings()
    {
        const string settings = """
            {
              "$schema": "./plan.schema.json",
              "name": "big-refactor",
              "max_workers": 6,
              "default_tool": "aider",
              "failure_policy": "keep-going",
              "max_attempts": 3,
              "base_ref": "main",
              "budget": {"max_cost_usd": 40, "mode": "warn", "warning_threshold": 0.5},
              "tools": {
                "aider": {"timeout_seconds": 600},
                "lint": {"kind": "shell", "env_allow": ["PATH"]},
                "my-agent": {"command": ["my-agent", "--prompt", "{prompt}"], "usage_format": "jsonl", "context_window": 64000, "model": "m1"}
              },
              "gate_commands": {"GATE_UNIT": "dotnet test", "GATE_LINT": "dotnet format --verify-no-changes"},
              "integration_gates": [{"type": "GATE_INTEGRATION", "command": "make it"}]
            }
            """;
        var report = Inspect(("plan.json", settings), ("a.json", """{"id": "ws-a", "files_scope": ["x"], "tasks": ["t"]}"""));

        Assert.True(report.IsValid, string.Join("\n", report.Diagnostics));
        var s = report.Plan!.Settings;
        Assert.Equal("big-refactor", report.Plan.Name);
        Assert.Equal(6, s.MaxWorkers);
        Assert.Equal("aider", s.DefaultTool);
        Assert.Equal(FailurePolicy.KeepGoing, s.FailurePolicy);
        Assert.Equal(3, s.MaxAttempts);
        Assert.Equal("main", s.BaseRef);
        Assert.Equal(new BudgetSpec(40, BudgetMode.Warn, 0.5m), s.Budget);
        Assert.Equal("dotnet test", s.GateCommands["GATE_UNIT"]);
        Assert.Equal([new TestGateSpec("GATE_INTEGRATION", Command: "make it")], s.IntegrationGates);

        // A plan profile changes only what it names of the built-in of the same name.
        var profiles = ToolCatalog.Profiles(s);
        Assert.Equal(600, profiles["aider"].TimeoutSeconds);
        Assert.Equal(ToolCatalog.Profiles(new PlanSettings())["aider"].Command, profiles["aider"].Command);
        Assert.Equal(ToolKind.Shell, profiles["lint"].Kind);
        Assert.Equal(["PATH"], profiles["lint"].EnvAllow);
        Assert.Equal((64000L, "m1", "jsonl"), (profiles["my-agent"].ContextWindow, profiles["my-agent"].Model, profiles["my-agent"].UsageFormat));

        // default_tool stands in for a missing "tool".
        Assert.Equal("aider", ToolCatalog.Resolve(s, report.Plan.Workstreams[0]).Name);
    }

    [Fact]
    public void Max_workers_option_overrides_plan_json_and_the_name_falls_back_to_the_given_one()
    {
        var report = PlanInspector.Inspect("folder-name", JsonPlans.Files(("plan.json", "{\"max_workers\": 6}"), ("a.json", Bundle("ws-a"))),
            new InspectOptions { MaxWorkers = 2 });
        Assert.Equal(2, report.Plan!.Settings.MaxWorkers);
        Assert.Equal(2, report.Analysis!.MaxWorkers);
        Assert.Equal("folder-name", report.Plan.Name);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            PlanInspector.Inspect("p", JsonPlans.Files(("a.json", Bundle("ws-a"))), new InspectOptions { MaxWorkers = 0 }));
    }

    [Fact]
    public void Comments_are_allowed_in_plan_files()
    {
        var report = Inspect(("a.json", "// the first step\n" + Bundle("ws-a")));
        Assert.True(report.IsValid);
    }

    [Fact]
    public void A_missing_repository_for_context_sizes_is_an_input_error()
    {
        var error = Assert.Throws<PlanInputException>(() =>
            Inspect(new InspectOptions { RepoPath = "/no/such/repo" }, ("a.json", Bundle("ws-a"))));
        Assert.Contains("/no/such/repo", error.Message, StringComparison.Ordinal);
    }

    [ReferenceFact]
    public void The_seed_format_examples_load()
    {
        foreach (var example in new[] { "example_single.json", "example_multi.json" })
        {
            var report = PlanInspector.Inspect(example, PlanSource.ReadFiles(Path.Combine(ReferencePlans.SeedFormat, example)), new InspectOptions());
            Assert.True(report.IsValid, string.Join("\n", Errors(report)));
        }
    }
}
