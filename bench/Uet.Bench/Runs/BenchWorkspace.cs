using System.Diagnostics;
using System.Text;
using System.Text.Json;

using CliWrap;
using CliWrap.Buffered;

namespace Uet.Bench.Runs;

/// <summary>A temp git repository, a plan and a Makefile for the same DAG, and the commands that run them.</summary>
internal sealed class BenchWorkspace : IDisposable
{
    private BenchWorkspace(string root) => Root = root;

    public string Root { get; }

    public string Repo => Path.Combine(Root, "repo");

    public string PlanDir => Path.Combine(Root, "plan");

    public string Makefile => Path.Combine(Root, "Makefile");

    public static async Task<BenchWorkspace> CreateAsync(RandomDag dag, string task, int maxWorkers)
    {
        var ws = new BenchWorkspace(Path.Combine(Path.GetTempPath(), "uet-bench-" + Guid.NewGuid().ToString("N")[..8]));
        Directory.CreateDirectory(ws.Repo);
        Directory.CreateDirectory(ws.PlanDir);
        await Git(ws.Repo, "init", "-q", "-b", "main");
        File.WriteAllText(Path.Combine(ws.Repo, "README.md"), "bench\n");
        await Git(ws.Repo, "add", "-A");
        await Git(ws.Repo, "commit", "-q", "-m", "initial");

        var bundles = Enumerable.Range(0, dag.Count).Select(i => new Dictionary<string, object>
        {
            ["id"] = RandomDag.Id(i),
            ["tool"] = "shell",
            ["files_scope"] = new[] { $"out/{RandomDag.Id(i)}.txt" },
            ["tasks"] = new[] { task },
            ["depends_on"] = dag.Dependencies[i].Select(RandomDag.Id).ToArray(),
        });
        File.WriteAllText(Path.Combine(ws.PlanDir, "workstreams.json"), JsonSerializer.Serialize(bundles));
        File.WriteAllText(Path.Combine(ws.PlanDir, "plan.json"), JsonSerializer.Serialize(new { name = "bench", max_workers = maxWorkers }));

        var make = new StringBuilder(".PHONY: all\nall:");
        for (var i = 0; i < dag.Count; i++)
        {
            make.Append(' ').Append(RandomDag.Id(i));
        }

        make.Append('\n');
        for (var i = 0; i < dag.Count; i++)
        {
            make.Append($".PHONY: {RandomDag.Id(i)}\n{RandomDag.Id(i)}:");
            foreach (var d in dag.Dependencies[i])
            {
                make.Append(' ').Append(RandomDag.Id(d));
            }

            make.Append($"\n\t@{task}\n");
        }

        File.WriteAllText(ws.Makefile, make.ToString());
        return ws;
    }

    public async Task<TimeSpan> MakeAsync(int jobs)
    {
        var watch = Stopwatch.StartNew();
        var result = await CliWrap.Cli.Wrap("make").WithArguments(["-s", $"-j{jobs}", "-f", Makefile, "all"])
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        watch.Stop();
        return result.ExitCode == 0 ? watch.Elapsed : throw new InvalidOperationException("make failed: " + result.StandardError);
    }

    public async Task<(TimeSpan Elapsed, JsonElement Status)> UetAsync(UetBinary uet, string runName, int maxWorkers, bool dryRun)
    {
        var state = Path.Combine(Root, "state");
        var args = new List<string> { "run", PlanDir, "--repo", Repo, "--state-dir", state, "--run-id", runName, "--max-workers", maxWorkers.ToString() };
        if (dryRun)
        {
            args.Add("--dry-run");
        }

        var watch = Stopwatch.StartNew();
        var result = await uet.Command(args).WithEnvironmentVariables(e => e.Set("NO_COLOR", "1").Set("UET_RABBITMQ", null))
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        watch.Stop();
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"uet run failed ({result.ExitCode}): {result.StandardOutput}\n{result.StandardError}");
        }

        var status = await uet.Command(["status", runName, "--output", "json", "--state-dir", state]).ExecuteBufferedAsync();
        return (watch.Elapsed, JsonDocument.Parse(status.StandardOutput).RootElement.GetProperty("run").Clone());
    }

    private static Task Git(string dir, params string[] args) =>
        CliWrap.Cli.Wrap("git").WithArguments(args).WithWorkingDirectory(dir).ExecuteBufferedAsync();

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
