using Uet.Contracts.Plans;

using static Uet.Domain.Tests.JsonPlans;

namespace Uet.Domain.Tests;

/// <summary>Every error makes the plan invalid and names the file, the workstream, the field and the fix.</summary>
public class ErrorTests
{
    private static PlanDiagnostic Error(PlanReport report, string code)
    {
        Assert.False(report.IsValid);
        var d = Assert.Single(report.Diagnostics, d => d.Code == code);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.False(string.IsNullOrWhiteSpace(d.Message));
        Assert.False(string.IsNullOrWhiteSpace(d.Fix));
        return d;
    }

    [Fact]
    public void Malformed_json_gives_file_line_and_column()
    {
        var report = Inspect(("good.json", Bundle("ws-good")), ("bad.json", "[\n  {\"id\": \"ws-a\",\n    \"tasks\": [\"x\"\n  }\n]"));
        var d = Error(report, DiagnosticCodes.MalformedJson);
        Assert.Equal("bad.json", d.File);
        Assert.Equal(4, d.Line);
        Assert.Equal(3, d.Column);
        Assert.Contains("line 4, column 3", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trailing_garbage_and_an_empty_file_are_malformed()
    {
        Assert.Equal("a.json", Error(Inspect(("a.json", Bundle("ws-a") + " x")), DiagnosticCodes.MalformedJson).File);
        Assert.Equal(1, Error(Inspect(("e.json", "   ")), DiagnosticCodes.MalformedJson).Line);
    }

    [Fact]
    public void Malformed_plan_json_leaves_no_plan()
    {
        var report = Inspect(("plan.json", "{\"max_workers\": }"), ("a.json", Bundle("ws-a")));
        Assert.Equal("plan.json", Error(report, DiagnosticCodes.MalformedJson).File);
        Assert.Null(report.Plan);
    }

    [Theory]
    [InlineData("\"files_scope\": \"src/\"", "files_scope")]
    [InlineData("\"parallel_ok\": \"yes\"", "parallel_ok")]
    [InlineData("\"depends_on\": [1]", "depends_on[0]")]
    [InlineData("\"estimated_context_tokens\": 1.5", "estimated_context_tokens")]
    [InlineData("\"metadata\": []", "metadata")]
    [InlineData("\"test_gates\": [\"GATE_UNIT\"]", "test_gates[0]")]
    public void Wrong_types_name_the_field(string member, string field)
    {
        var bundle = $$"""{"id": "ws-a", "tasks": ["t"], "tool": "shell", {{member}}}""";
        if (!member.Contains("files_scope", StringComparison.Ordinal))
        {
            bundle = bundle.Replace("\"tasks\"", "\"files_scope\": [\"x\"], \"tasks\"", StringComparison.Ordinal);
        }
        var d = Error(Inspect(("a.json", bundle)), DiagnosticCodes.WrongType);
        Assert.Equal((field, "ws-a", "a.json"), (d.Field, d.WorkstreamId, d.File));
        Assert.Equal(1, d.Line);
    }

    [Fact]
    public void A_file_must_hold_objects()
    {
        var d = Error(Inspect(("a.json", "42")), DiagnosticCodes.WrongType);
        Assert.Contains("workstream object", d.Message, StringComparison.Ordinal);
        var item = Error(Inspect(("b.json", $"[{Bundle("ws-a")}, \"ws-b\"]")), DiagnosticCodes.WrongType);
        Assert.Equal("[1]", item.Field);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("files_scope")]
    [InlineData("tasks")]
    [InlineData("tool")]
    public void Required_fields(string field)
    {
        var members = new Dictionary<string, string>
        {
            ["id"] = "\"id\": \"ws-a\"",
            ["files_scope"] = "\"files_scope\": [\"x\"]",
            ["tasks"] = "\"tasks\": [\"t\"]",
            ["tool"] = "\"tool\": \"shell\"",
        };
        members.Remove(field);
        var report = Inspect(("a.json", "{" + string.Join(", ", members.Values) + "}"));
        var d = Error(report, DiagnosticCodes.MissingField);
        Assert.Equal((field, "a.json"), (d.Field, d.File));
        Assert.Contains(field, d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tool_is_optional_when_plan_json_names_a_default()
    {
        var report = Inspect(("plan.json", "{\"default_tool\": \"codex\"}"), ("a.json", """{"id": "ws-a", "files_scope": ["x"], "tasks": ["t"]}"""));
        Assert.DoesNotContain(report.Diagnostics, d => d.Code == DiagnosticCodes.MissingField);
    }

    [Fact]
    public void Unknown_fields_suggest_the_closest_name()
    {
        var d = Error(Inspect(("a.json", Bundle("ws-a", "\"depend_on\": []"))), DiagnosticCodes.UnknownField);
        Assert.Equal(("depend_on", "ws-a"), (d.Field, d.WorkstreamId));
        Assert.Contains("Did you mean 'depends_on'?", d.Message, StringComparison.Ordinal);

        var far = Error(Inspect(("a.json", Bundle("ws-a", "\"zzzzzzzz\": 1"))), DiagnosticCodes.UnknownField);
        Assert.DoesNotContain("Did you mean", far.Message, StringComparison.Ordinal);

        var settings = Error(Inspect(("plan.json", "{\"max_worker\": 2}"), ("a.json", Bundle("ws-a"))), DiagnosticCodes.UnknownField);
        Assert.Equal("plan.json", settings.File);
        Assert.Contains("'max_workers'", settings.Message, StringComparison.Ordinal);

        var gate = Error(Inspect(("a.json", Bundle("ws-a", "\"test_gates\": [{\"type\": \"GATE_UNIT\", \"comand\": \"x\"}]"))), DiagnosticCodes.UnknownField);
        Assert.Contains("'command'", gate.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("WS-A")]
    [InlineData("ws_a")]
    [InlineData("task-1")]
    [InlineData("ws-")]
    public void Ids_follow_the_seed_pattern(string id)
    {
        var d = Error(Inspect(("a.json", Bundle(id))), DiagnosticCodes.BadId);
        Assert.Equal(("id", id), (d.Field, d.WorkstreamId));
        Assert.Contains("^ws-[a-z0-9-]+$", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_id_names_both_files()
    {
        var report = Inspect(("a.json", Bundle("ws-a")), ("b.json", "\n\n" + Bundle("ws-a", scope: "\"other.cs\"")));
        var d = Error(report, DiagnosticCodes.DuplicateId);
        Assert.Equal(("b.json", 3L), (d.File, d.Line));
        Assert.Contains("a.json (line 1)", d.Message, StringComparison.Ordinal);
        Assert.Contains("b.json (line 3)", d.Message, StringComparison.Ordinal);
        Assert.Single(report.Plan!.Workstreams);
    }

    [Fact]
    public void Unknown_dependencies_suggest_an_existing_id()
    {
        var report = Inspect(("a.json", $"[{Bundle("ws-core-lib")}, {Bundle("ws-api", "\"depends_on\": [\"ws-core-lb\"]", scope: "\"api.cs\"")}]"));
        var d = Error(report, DiagnosticCodes.UnknownDependency);
        Assert.Equal(("ws-api", "depends_on", "a.json"), (d.WorkstreamId, d.Field, d.File));
        Assert.Contains("'ws-core-lb'", d.Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'ws-core-lib'?", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_workstream_cannot_depend_on_itself()
    {
        var d = Error(Inspect(("a.json", Bundle("ws-a", "\"depends_on\": [\"ws-a\"]"))), DiagnosticCodes.SelfDependency);
        Assert.Equal(("ws-a", "depends_on"), (d.WorkstreamId, d.Field));
    }

    [Fact]
    public void A_cycle_is_printed_in_dependency_order()
    {
        var report = Inspect(
            ("a.json", Bundle("ws-a", "\"depends_on\": [\"ws-b\"]", scope: "\"a.cs\"")),
            ("b.json", Bundle("ws-b", "\"depends_on\": [\"ws-c\"]", scope: "\"b.cs\"")),
            ("c.json", Bundle("ws-c", "\"depends_on\": [\"ws-a\"]", scope: "\"c.cs\"")),
            ("d.json", Bundle("ws-d", "\"depends_on\": [\"ws-a\"]", scope: "\"d.cs\"")));
        var d = Error(report, DiagnosticCodes.Cycle);
        Assert.Contains("ws-a -> ws-b -> ws-c -> ws-a", d.Message, StringComparison.Ordinal);
        Assert.Equal(("a.json", "ws-a", "depends_on"), (d.File, d.WorkstreamId, d.Field));
        Assert.Null(report.Analysis);
    }

    [Fact]
    public void Two_separate_cycles_are_both_named()
    {
        var report = Inspect(("a.json", $$"""
            [{{Bundle("ws-a", "\"depends_on\": [\"ws-b\"]", scope: "\"a\"")}},
             {{Bundle("ws-b", "\"depends_on\": [\"ws-a\"]", scope: "\"b\"")}},
             {{Bundle("ws-x", "\"depends_on\": [\"ws-y\"]", scope: "\"x\"")}},
             {{Bundle("ws-y", "\"depends_on\": [\"ws-x\"]", scope: "\"y\"")}}]
            """));
        var cycles = report.Diagnostics.Where(d => d.Code == DiagnosticCodes.Cycle).Select(d => d.Message).ToArray();
        Assert.Equal(2, cycles.Length);
        Assert.Contains(cycles, m => m.Contains("ws-a -> ws-b -> ws-a", StringComparison.Ordinal));
        Assert.Contains(cycles, m => m.Contains("ws-x -> ws-y -> ws-x", StringComparison.Ordinal));
    }

    [Fact]
    public void Files_scope_must_not_be_empty()
    {
        var d = Error(Inspect(("a.json", Bundle("ws-a", scope: ""))), DiagnosticCodes.EmptyScope);
        Assert.Equal(("files_scope", "ws-a"), (d.Field, d.WorkstreamId));
    }

    [Theory]
    [InlineData("files_scope", "\"/etc/passwd\"")]
    [InlineData("files_scope", "\"../other-repo/x.cs\"")]
    [InlineData("files_scope", "\"src/../../x\"")]
    [InlineData("files_scope", "\"C:\\\\work\\\\x.cs\"")]
    [InlineData("files_create", "\"/tmp/out\"")]
    public void Paths_must_stay_in_the_repository(string field, string path)
    {
        var bundle = field == "files_scope" ? Bundle("ws-a", scope: path) : Bundle("ws-a", $"\"files_create\": [{path}]");
        var d = Error(Inspect(("a.json", bundle)), DiagnosticCodes.PathEscapes);
        Assert.Equal((field, "ws-a"), (d.Field, d.WorkstreamId));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("\"5\"")]
    [InlineData("null")]
    public void Workstream_budgets_must_be_non_negative_numbers(string value)
    {
        var bundle = $$"""{"id": "ws-a", "files_scope": ["x"], "tasks": ["t"], "tool": "shell", "max_cost_usd": {{value}}}""";
        var d = Error(Inspect(("a.json", bundle)), DiagnosticCodes.BadBudget);
        Assert.Equal(("max_cost_usd", "ws-a"), (d.Field, d.WorkstreamId));
    }

    [Theory]
    [InlineData("{\"max_cost_usd\": -5}", "budget.max_cost_usd")]
    [InlineData("{\"max_cost_usd\": \"ten\"}", "budget.max_cost_usd")]
    [InlineData("{\"warning_threshold\": 1.5}", "budget.warning_threshold")]
    public void The_plan_budget_must_be_sane(string budget, string field)
    {
        var d = Error(Inspect(("plan.json", $"{{\"budget\": {budget}}}"), ("a.json", Bundle("ws-a"))), DiagnosticCodes.BadBudget);
        Assert.Equal((field, "plan.json"), (d.Field, d.File));
    }

    [Theory]
    [InlineData("a.json", "\"kind\": \"feature\"", "kind")]
    [InlineData("a.json", "\"priority\": \"urgent\"", "priority")]
    [InlineData("a.json", "\"capability\": \"magic\"", "capability")]
    [InlineData("a.json", "\"test_gates\": [{\"type\": \"GATE_UNT\"}]", "test_gates[0].type")]
    [InlineData("plan.json", "\"failure_policy\": \"retry\"", "failure_policy")]
    [InlineData("plan.json", "\"budget\": {\"mode\": \"stop\"}", "budget.mode")]
    public void Enumerated_values_are_checked(string file, string member, string field)
    {
        var report = file == "plan.json"
            ? Inspect(("plan.json", $"{{{member}}}"), ("a.json", Bundle("ws-a")))
            : Inspect(("a.json", Bundle("ws-a", member)));
        var d = Error(report, DiagnosticCodes.BadEnumValue);
        Assert.Equal((field, file), (d.Field, d.File));
        Assert.Contains("not one of", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_tools_are_errors_with_a_suggestion()
    {
        var d = Error(Inspect(("a.json", Bundle("ws-a", tool: "\"claud\""))), DiagnosticCodes.UnknownTool);
        Assert.Equal(("tool", "ws-a"), (d.Field, d.WorkstreamId));
        Assert.Contains("Did you mean 'claude'?", d.Message, StringComparison.Ordinal);

        var fallback = Error(Inspect(("plan.json", "{\"default_tool\": \"vim\"}"), ("a.json", Bundle("ws-a"))), DiagnosticCodes.UnknownTool);
        Assert.Equal(("default_tool", "plan.json"), (fallback.Field, fallback.File));

        var declared = Inspect(("plan.json", "{\"tools\": {\"vim\": {\"kind\": \"shell\"}}}"), ("a.json", Bundle("ws-a", tool: "\"vim\"")));
        Assert.True(declared.IsValid, string.Join("\n", declared.Diagnostics));
    }

    [Theory]
    [InlineData("a.json", "\"gate\": 0", "gate")]
    [InlineData("a.json", "\"metadata\": {\"estimated_minutes\": -3}", "metadata.estimated_minutes")]
    [InlineData("a.json", "\"circuit_breaker\": {\"max_attempts\": 0}", "circuit_breaker.max_attempts")]
    [InlineData("plan.json", "\"max_workers\": 0", "max_workers")]
    [InlineData("plan.json", "\"tools\": {\"aider\": {\"timeout_seconds\": 0}}", "tools.aider.timeout_seconds")]
    public void Out_of_range_values_are_errors(string file, string member, string field)
    {
        var report = file == "plan.json"
            ? Inspect(("plan.json", $"{{{member}}}"), ("a.json", Bundle("ws-a")))
            : Inspect(("a.json", Bundle("ws-a", member)));
        var d = Error(report, DiagnosticCodes.BadValue);
        Assert.Equal((field, file), (d.Field, d.File));
    }

    [Fact]
    public void A_new_command_tool_needs_a_command()
    {
        var d = Error(Inspect(("plan.json", "{\"tools\": {\"mine\": {\"timeout_seconds\": 5}}}"), ("a.json", Bundle("ws-a"))), DiagnosticCodes.MissingField);
        Assert.Equal("tools.mine.command", d.Field);
    }

    [Fact]
    public void A_plan_without_workstreams_is_invalid()
    {
        var report = Inspect(("a.json", "[]"));
        Error(report, DiagnosticCodes.NoWorkstreams);
        Assert.Null(report.Plan);
    }

    [Fact]
    public void A_field_given_twice_is_an_error()
    {
        var d = Error(Inspect(("a.json", Bundle("ws-a", "\"tool\": \"claude\""))), DiagnosticCodes.DuplicateField);
        Assert.Equal(("tool", "ws-a"), (d.Field, d.WorkstreamId));
    }

    [Fact]
    public void Errors_keep_a_document_but_no_analysis()
    {
        var report = Inspect(("a.json", Bundle("ws-a", "\"depends_on\": [\"ws-missing\"]")));
        Assert.False(report.IsValid);
        Assert.NotNull(report.Plan);
        Assert.Null(report.Analysis);
    }
}
