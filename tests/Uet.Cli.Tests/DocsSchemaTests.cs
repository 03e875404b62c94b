using NJsonSchema;

namespace Uet.Cli.Tests;

/// <summary>docs/schemas are for editors; they must accept what uet accepts (the seed plan, the documented examples) and catch the obvious mistakes.</summary>
public sealed class DocsSchemaTests
{
    [Fact]
    public async Task Every_seed_bundle_matches_the_workstream_schema()
    {
        var schema = await JsonSchema.FromFileAsync(RepoDocs.Schema("workstream.schema.json"));
        var files = Directory.GetFiles(SeedPlan.Path, "*.json").Order(StringComparer.Ordinal).ToList();

        Assert.True(files.Count >= 34, $"expected the 34-file seed plan in {SeedPlan.Path}");
        foreach (var file in files)
        {
            var errors = schema.Validate(await File.ReadAllTextAsync(file));
            Assert.True(errors.Count == 0, $"{Path.GetFileName(file)}: {string.Join("; ", errors)}");
        }
    }

    [Theory]
    [InlineData("""{ "id": "ws-a", "files_scope": ["../outside"], "tasks": [] }""")]
    [InlineData("""{ "id": "ws-a", "files_scope": ["/etc/passwd"], "tasks": [] }""")]
    [InlineData("""{ "id": "ws-a", "files_scope": ["src/../../x"], "tasks": [] }""")]
    [InlineData("""{ "id": "WS_A", "files_scope": ["src/a.py"], "tasks": [] }""")]
    [InlineData("""{ "id": "ws-a", "files_scope": [], "tasks": [] }""")]
    [InlineData("""{ "id": "ws-a", "tasks": [] }""")]
    [InlineData("""{ "id": "ws-a", "files_scope": ["a"], "tasks": [], "depnds_on": [] }""")]
    [InlineData("""{ "id": "ws-a", "files_scope": ["a"], "tasks": [], "test_gates": [{ "type": "GATE_FUZZ" }] }""")]
    [InlineData("""{ "id": "ws-a", "files_scope": ["a"], "tasks": [], "max_cost_usd": -1 }""")]
    [InlineData("""[{ "id": "ws-a", "files_scope": ["a"], "tasks": [] }, { "id": "ws-b" }]""")]
    public async Task The_workstream_schema_rejects_obvious_mistakes(string bundle)
    {
        var schema = await JsonSchema.FromFileAsync(RepoDocs.Schema("workstream.schema.json"));

        Assert.NotEmpty(schema.Validate(bundle));
    }

    [Fact]
    public async Task The_documented_bundle_examples_match_the_workstream_schema()
    {
        var schema = await JsonSchema.FromFileAsync(RepoDocs.Schema("workstream.schema.json"));
        var examples = RepoDocs.JsonBlocks("plan-format.md", "# Plan format");

        Assert.NotEmpty(examples);
        var bundle = examples[0];
        Assert.Empty(schema.Validate(bundle));
    }

    [Fact]
    public async Task The_documented_plan_json_matches_the_plan_schema()
    {
        var schema = await JsonSchema.FromFileAsync(RepoDocs.Schema("plan.schema.json"));
        var example = Assert.Single(RepoDocs.JsonBlocks("plan-format.md", "## plan.json"));

        var errors = schema.Validate(example);

        Assert.True(errors.Count == 0, string.Join("; ", errors));
    }

    [Theory]
    [InlineData("""{ "max_workers": 0 }""")]
    [InlineData("""{ "failure_policy": "stop" }""")]
    [InlineData("""{ "budget": { "mode": "stop" } }""")]
    [InlineData("""{ "budget": { "warning_threshold": 1.5 } }""")]
    [InlineData("""{ "tools": { "x": { "kind": "magic" } } }""")]
    [InlineData("""{ "gate_commands": { "GATE_FUZZ": "fuzz" } }""")]
    [InlineData("""{ "integration_gates": [{ "command": "make test" }] }""")]
    [InlineData("""{ "max_worker": 3 }""")]
    public async Task The_plan_schema_rejects_obvious_mistakes(string planJson)
    {
        var schema = await JsonSchema.FromFileAsync(RepoDocs.Schema("plan.schema.json"));

        Assert.NotEmpty(schema.Validate(planJson));
    }
}
