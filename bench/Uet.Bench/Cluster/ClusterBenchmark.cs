using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

using CliWrap;
using CliWrap.Buffered;

using Uet.Bench.Runs;
using Uet.Distributed.Tests.Infrastructure;

namespace Uet.Bench.Cluster;

/// <summary>
/// The distributed mode on a real broker and database: every service its own process (as in the distributed tests).
/// Figures come from the run saga's own timestamps (`uet status --output json`), beside a bare MassTransit
/// ping-pong on the same broker measured in the same invocation.
/// </summary>
internal static class ClusterBenchmark
{
    public static int Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(string[] args)
    {
        if (Environment.GetEnvironmentVariable("UET_RABBITMQ") is not { Length: > 0 } rabbit || string.IsNullOrEmpty(Environment.GetEnvironmentVariable("UET_POSTGRES")))
        {
            Console.Error.WriteLine("cluster: set UET_RABBITMQ and UET_POSTGRES (see docs/deployment.md)");
            return 2;
        }

        var chain = IntArg(args, "--chain", 500);
        var independent = IntArg(args, "--independent", 2000);

        var hop = await PingPong.PerHopAsync(new Uri(rabbit), 500, durable: false);
        Console.WriteLine($"bare MassTransit hop on this broker (publish -> consume, confirms): {hop.TotalMilliseconds:0.00} ms");
        var durableHop = await PingPong.PerHopAsync(new Uri(rabbit), 500, durable: true);
        Console.WriteLine($"the same on durable queues (persistent messages stored, as the services' are): {durableHop.TotalMilliseconds:0.00} ms");
        Console.WriteLine("the design's message flow alone (five messages per workstream, each also to a store queue; consumers that");
        Console.WriteLine("  only send the next message, all in one process):");
        var flowHops = await MessageFlowFloor.ChainHopsAsync(new Uri(rabbit), chain);
        Console.WriteLine($"  chain of {chain}: integrated -> next started: mean {flowHops.Average():0.0} ms, p50 {Percentile(flowHops, 0.5):0.0} ms, p95 {Percentile(flowHops, 0.95):0.0} ms");
        var (flowRate, flowCpu) = await MessageFlowFloor.ThroughputAsync(new Uri(rabbit), independent);
        Console.WriteLine($"  {independent} workstreams at once: {flowRate:0} ws/s, machine CPU {flowCpu:0.0} ms per workstream");
        if (args.Contains("--floors-only"))
        {
            return 0;
        }

        await using (var cluster = await TestCluster.StartAsync(workers: 1, leaseSeconds: 60, slots: 4, log: "Warning"))
        {
            var dag = new RandomDag(Enumerable.Range(0, chain).Select(i => (IReadOnlyList<int>)(i == 0 ? [] : [i - 1])).ToList());
            using var ws = await BenchWorkspace.CreateAsync(dag, "true", 4);
            foreach (var (name, label) in new[] { ("chain", "cold"), ("chain-again", "warm") })
            {
                var (elapsed, status) = await RunOnClusterAsync(cluster, ws, name, 4, dryRun: true);
                var hops = Hops(status, dag);
                Console.WriteLine($"chain of {chain}, --dry-run, {label}: {elapsed.TotalSeconds:0.0} s; integrated -> next started: mean {hops.Average():0.0} ms, p50 {Percentile(hops, 0.5):0.0} ms, p95 {Percentile(hops, 0.95):0.0} ms (target <= 5 ms)");
            }

            var real = new RandomDag(dag.Dependencies.Take(50).ToList());
            using var realWs = await BenchWorkspace.CreateAsync(real, "true", 4);
            var (_, realStatus) = await RunOnClusterAsync(cluster, realWs, "chain-real", 4, dryRun: false);
            var realHops = Hops(realStatus, real);
            Console.WriteLine($"chain of 50 with real worktrees and git: integrated -> next started: mean {realHops.Average():0.0} ms, p95 {Percentile(realHops, 0.95):0.0} ms");
        }

        Console.WriteLine();
        Console.WriteLine($"{independent} independent workstreams, --dry-run, each worker 8 slots; cold: the first run after the services");
        Console.WriteLine("started (JIT still compiling), warm: the same run again; CPU: milliseconds per workstream in the warm run;");
        Console.WriteLine($"real: {RealCount(independent)} of them with worktrees, the tool `true`, commits and merges");
        Console.WriteLine($"{"workers",8} {"cold ws/s",10} {"warm ws/s",10} {"real ws/s",10}   CPU ms/ws (machine; per service)   peak RSS per service (MB)");
        foreach (var workers in new[] { 1, 2, 4 })
        {
            await using var cluster = await TestCluster.StartAsync(workers, leaseSeconds: 60, slots: 8, log: "Warning");
            var dag = new RandomDag(Enumerable.Range(0, independent).Select(_ => (IReadOnlyList<int>)[]).ToList());
            using var ws = await BenchWorkspace.CreateAsync(dag, "true", 8 * workers);
            var (_, cold) = await RunOnClusterAsync(cluster, ws, $"wide-{workers}", 8 * workers, dryRun: true);

            var machineBefore = CpuTime.MachineBusyMs();
            var servicesBefore = cluster.Services.Select(s => CpuTime.ProcessMs(s.ProcessId)).ToList();
            var (_, warm) = await RunOnClusterAsync(cluster, ws, $"wide-{workers}-again", 8 * workers, dryRun: true);
            var machine = (CpuTime.MachineBusyMs() - machineBefore) / independent;
            var perService = string.Join(", ", cluster.Services.Select((s, i) => $"{s.Name} {(CpuTime.ProcessMs(s.ProcessId) - servicesBefore[i]) / independent:0.0}"));

            // The same, for real: a worktree per slot, the tool, a commit, a merge each (fewer, as each costs more).
            var realDag = new RandomDag(dag.Dependencies.Take(RealCount(independent)).ToList());
            using var realWs = await BenchWorkspace.CreateAsync(realDag, "true", 8 * workers);
            var (_, real) = await RunOnClusterAsync(cluster, realWs, $"wide-{workers}-real", 8 * workers, dryRun: false);

            var rss = string.Join(", ", cluster.Services.Select(s => $"{s.Name} {PeakRssMb(s.ProcessId):0}"));
            Console.WriteLine($"{workers,8} {independent / Span(cold).TotalSeconds,10:0} {independent / Span(warm).TotalSeconds,10:0} {realDag.Count / Span(real).TotalSeconds,10:0}   {machine:0.0}; {perService}   {rss}");
        }

        return 0;
    }

    private static async Task<(TimeSpan Elapsed, JsonElement Status)> RunOnClusterAsync(TestCluster cluster, BenchWorkspace ws, string runName, int maxWorkers, bool dryRun)
    {
        var uet = Path.Combine(AppContext.BaseDirectory, "uet.dll");
        List<string> run = [uet, "run", ws.PlanDir, "--repo", ws.Repo, "--run-id", runName, "--max-workers", maxWorkers.ToString(CultureInfo.InvariantCulture), .. cluster.ClientArgs];
        if (dryRun)
        {
            run.Add("--dry-run");
        }

        var watch = Stopwatch.StartNew();
        var result = await CliWrap.Cli.Wrap("dotnet").WithArguments(run).WithEnvironmentVariables(e => e.Set("NO_COLOR", "1"))
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        watch.Stop();
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"uet run on the cluster failed ({result.ExitCode}): {result.StandardOutput}\n{result.StandardError}\n{cluster.Logs()}");
        }

        var status = await CliWrap.Cli.Wrap("dotnet").WithArguments([uet, "status", runName, "--output", "json", .. cluster.ClientArgs]).ExecuteBufferedAsync();
        return (watch.Elapsed, JsonDocument.Parse(status.StandardOutput).RootElement.GetProperty("run").Clone());
    }

    /// <summary>For each workstream with a dependency: its start minus its dependency's integration.</summary>
    private static List<double> Hops(JsonElement run, RandomDag dag)
    {
        var ws = run.GetProperty("workstreams").EnumerateArray().ToDictionary(w => w.GetProperty("id").GetString()!);
        return Enumerable.Range(1, dag.Count)
            .Where(i => i < dag.Count && dag.Dependencies[i].Count == 1)
            .Select(i => (ws[RandomDag.Id(i)].GetProperty("startedAt").GetDateTimeOffset() - ws[RandomDag.Id(dag.Dependencies[i][0])].GetProperty("finishedAt").GetDateTimeOffset()).TotalMilliseconds)
            .ToList();
    }

    private static TimeSpan Span(JsonElement run)
    {
        var ws = run.GetProperty("workstreams").EnumerateArray().ToList();
        return ws.Max(w => w.GetProperty("finishedAt").GetDateTimeOffset()) - ws.Min(w => w.GetProperty("startedAt").GetDateTimeOffset());
    }

    private static int RealCount(int independent) => Math.Min(independent, 300);

    private static double PeakRssMb(int? pid)
    {
        var path = $"/proc/{pid}/status";
        if (pid is null || !File.Exists(path))
        {
            return double.NaN;
        }

        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    private static double Percentile(List<double> values, double p) => RunBenchmarks.Percentile(values, p);

    private static int IntArg(string[] args, string name, int fallback) => RunBenchmarks.IntArg(args, name, fallback);
}
