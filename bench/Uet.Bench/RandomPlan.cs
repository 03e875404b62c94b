using System.Text;
using System.Text.Json;

using Uet.Contracts.Plans;

namespace Uet.Bench;

/// <summary>
/// A random but realistic plan as in-memory files: about 3 dependencies per workstream (mostly on recent
/// ones, so the graph is deep as well as wide), about 5 scope entries (mostly own files; a few shared files,
/// directory prefixes and globs that overlap), a few conflict groups and serial workstreams.
/// Bundles are written 100 to a file, as arrays, beside a plan.json.
/// </summary>
internal static class RandomPlan
{
    private const int BundlesPerFile = 100;
    private const int WorkstreamsPerModule = 50;

    public static IReadOnlyList<PlanFile> Generate(int count, int seed)
    {
        var random = new Random(seed);
        var files = new List<PlanFile>
        {
            new("plan.json", """{"name": "bench", "max_workers": 8, "default_tool": "claude", "gate_commands": {"GATE_UNIT": "dotnet test"}}"""),
        };
        var buffer = new MemoryStream();
        for (var start = 0; start < count; start += BundlesPerFile)
        {
            buffer.SetLength(0);
            using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                json.WriteStartArray();
                for (var i = start; i < Math.Min(count, start + BundlesPerFile); i++)
                {
                    WriteBundle(json, i, count, random);
                }
                json.WriteEndArray();
            }
            files.Add(new PlanFile($"bundles-{start / BundlesPerFile:D5}.json", Encoding.UTF8.GetString(buffer.ToArray())));
        }
        return files;
    }

    private static string Id(int i) => $"ws-{i:D6}";

    private static void WriteBundle(Utf8JsonWriter json, int i, int count, Random random)
    {
        var module = i / WorkstreamsPerModule;
        json.WriteStartObject();
        json.WriteString("id", Id(i));
        json.WriteString("openspec_change", $"OS-{i}");
        json.WriteNumber("ccpm_issue", 1000 + i);
        json.WriteNumber("gate", 1);

        json.WriteStartArray("files_scope");
        for (var k = 0; k < 5; k++)
        {
            var roll = random.Next(1000);
            json.WriteStringValue(roll switch
            {
                < 10 => $"shared/common{random.Next(Math.Max(1, count / 20))}.cs", // a file others may claim too
                < 12 => $"src/m{module}/", // directory prefix over the whole module
                < 15 => $"src/m{module}/**/*.py", // glob over the module's Python files
                < 18 => $"src/m{module}/gen/",
                < 120 => $"src/m{module}/py/f{i}_{k}.py",
                _ => $"src/m{module}/c{i}_{k}.cs",
            });
        }
        json.WriteEndArray();

        json.WriteStartArray("tasks");
        json.WriteStringValue($"Implement part {i} of module {module}");
        json.WriteStringValue("Add unit tests");
        json.WriteEndArray();
        json.WriteStartArray("acceptance_tests");
        json.WriteStringValue($"dotnet test --filter M{module}");
        json.WriteEndArray();

        json.WriteStartArray("depends_on");
        if (i > 0)
        {
            var deps = new SortedSet<int>();
            var wanted = random.Next(7); // 0..6, mean 3
            for (var d = 0; d < wanted; d++)
            {
                // Mostly recent work (locality), sometimes anything earlier.
                var dep = random.Next(10) < 8 ? Math.Max(0, i - 1 - random.Next(Math.Min(i, 200))) : random.Next(i);
                deps.Add(dep);
            }
            foreach (var dep in deps)
            {
                json.WriteStringValue(Id(dep));
            }
        }
        json.WriteEndArray();

        if (random.Next(100) == 0)
        {
            json.WriteString("conflict_group", $"db-{random.Next(Math.Max(1, count / 1000))}");
        }
        if (random.Next(1000) == 0)
        {
            json.WriteBoolean("parallel_ok", false);
        }
        json.WriteString("priority", random.Next(10) == 0 ? "background" : "foreground");
        json.WriteNumber("estimated_context_tokens", 2000 + random.Next(100_000));
        json.WriteNumber("max_cost_usd", Math.Round(0.5m + (decimal)random.NextDouble() * 5, 2));
        json.WriteStartArray("test_gates");
        json.WriteStartObject();
        json.WriteString("type", "GATE_UNIT");
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteStartObject("circuit_breaker");
        json.WriteNumber("max_attempts", 3);
        json.WriteEndObject();
        json.WriteStartObject("metadata");
        json.WriteString("owner", $"team-{module % 17}");
        json.WriteNumber("estimated_minutes", 5 + random.Next(120));
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
