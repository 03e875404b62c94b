using System.Globalization;
using System.Text.Json;

namespace Uet.Bench.Runs;

/// <summary>
/// Whole-run benchmarks of <c>uet run</c> (as a process, embedded mode), each beside GNU make running the
/// same DAG in the same invocation, so the comparison holds on a noisy machine.
/// </summary>
internal static class RunBenchmarks
{
    /// <summary>
    /// overhead [--workstreams 1000] [--max-workers 8] [--seed 7] [--repeat 1]: no-op workstreams, per-workstream cost,
    /// of the build output and of both installed forms of uet (framework-dependent, composite), alternating.
    /// </summary>
    public static int Overhead(string[] args) => OverheadAsync(args).GetAwaiter().GetResult();

    private static async Task<int> OverheadAsync(string[] args)
    {
        var n = IntArg(args, "--workstreams", 1000);
        var workers = IntArg(args, "--max-workers", 8);
        var repeat = IntArg(args, "--repeat", 1);
        var dag = RandomDag.Create(n, maxDeps: 3, window: 20, seed: IntArg(args, "--seed", 7));
        using var ws = await BenchWorkspace.CreateAsync(dag, "true", workers);
        using var one = await BenchWorkspace.CreateAsync(RandomDag.Create(1, maxDeps: 0, window: 1, seed: 1), "true", workers);
        var installed = await UetBinary.InstallAsync(Path.Combine(ws.Root, "installed"));
        var small = await UetBinary.InstallAsync(Path.Combine(ws.Root, "installed-small"), frameworkDependent: true);
        UetBinary[] binaries = [UetBinary.BuildOutput, small, installed];

        var make = await ws.MakeAsync(workers);
        Console.WriteLine($"overhead: {n} workstreams (task `true`), random DAG (critical path {dag.CriticalPathNodes()} nodes), {workers} workers");
        Console.WriteLine($"{"variant",-72} {"total s",9} {"ms/ws",9} {"× make",8}");
        Row("make -j" + workers, make, n, make);
        var fixedCost = new Dictionary<UetBinary, List<TimeSpan>>();
        var dry = new Dictionary<UetBinary, List<TimeSpan>>();
        JsonElement dryStatus = default;
        for (var r = 0; r < repeat; r++)
        {
            for (var b = 0; b < binaries.Length; b++)
            {
                var uet = binaries[b];
                fixedCost.TryAdd(uet, []);
                dry.TryAdd(uet, []);
                fixedCost[uet].Add((await one.UetAsync(uet, $"one-{r}-{b}", workers, dryRun: true)).Elapsed);
                var (elapsed, status) = await ws.UetAsync(uet, $"dry-{r}-{b}", workers, dryRun: true);
                dry[uet].Add(elapsed);
                dryStatus = status;
                Row($"uet run --dry-run, {uet.Label}", elapsed, n, make);
            }
        }

        var (real, realStatus) = await ws.UetAsync(installed, "real", workers, dryRun: false);
        Row($"uet run (worktrees, git, gates), {installed.Label}", real, n, make);
        var dryHops = DependencyHops(dryStatus, dag);
        var attempts = AttemptDurations(realStatus);

        Console.WriteLine();
        Console.WriteLine("where the time goes (per workstream unless said):");
        foreach (var uet in binaries)
        {
            var once = Mean(fixedCost[uet]);
            Console.WriteLine($"  {uet.Label}: process, host start, migrations, shutdown (a one-workstream dry run, once) {once.TotalMilliseconds,6:0} ms;"
                + $" messages + saga persistence {(Mean(dry[uet]) - once).TotalMilliseconds / n,5:0.0} ms");
        }
        Console.WriteLine($"  dry run ({installed.Label}), last dependency integrated -> started: mean {dryHops.Average():0.0} ms, p50 {Percentile(dryHops, 0.5):0.0} ms");
        Console.WriteLine($"    (includes any wait for a free slot; the {dag.CriticalPathNodes()}-node critical path is a chain of such hops)");
        Console.WriteLine($"  started -> integrated, mean (worker git + tool + commit, then the run's serial merge queue)  {attempts.Average(),8:0.0} ms");
        Console.WriteLine($"  started -> integrated, p95                                                                   {Percentile(attempts, 0.95),8:0.0} ms");
        Console.WriteLine($"  git + processes beyond the dry run        {(real - Mean(dry[installed])).TotalMilliseconds / n,8:0.0} ms");
        return 0;
    }

    private static TimeSpan Mean(List<TimeSpan> times) => TimeSpan.FromTicks((long)times.Average(t => t.Ticks));

    /// <summary>scheduling [--workstreams 200] [--max-workers 8] [--seconds 0.5]: makespan against the lower bound.</summary>
    public static int Scheduling(string[] args)
    {
        var n = IntArg(args, "--workstreams", 200);
        var workers = IntArg(args, "--max-workers", 8);
        var seconds = double.Parse(args.SkipWhile(a => a != "--seconds").Skip(1).FirstOrDefault() ?? "0.5", CultureInfo.InvariantCulture);
        var dag = RandomDag.Create(n, maxDeps: 3, window: 40, seed: IntArg(args, "--seed", 11));
        var task = $"sleep {seconds.ToString(CultureInfo.InvariantCulture)}";
        using var ws = BenchWorkspace.CreateAsync(dag, task, workers).GetAwaiter().GetResult();

        var bound = TimeSpan.FromSeconds(Math.Max(dag.CriticalPathNodes() * seconds, n * seconds / workers));
        var make = ws.MakeAsync(workers).GetAwaiter().GetResult();
        var (_, status) = ws.UetAsync(UetBinary.BuildOutput, "sched", workers, dryRun: false).GetAwaiter().GetResult();
        var makespan = Makespan(status);

        Console.WriteLine($"scheduling: {n} workstreams of `{task}`, random DAG (critical path {dag.CriticalPathNodes()} nodes), {workers} workers");
        Console.WriteLine($"lower bound max(critical path, work / workers) = {bound.TotalSeconds:0.00} s");
        Console.WriteLine($"{"variant",-28} {"makespan s",11} {"÷ bound",9}");
        Console.WriteLine($"{"make -j" + workers,-28} {make.TotalSeconds,11:0.00} {make / bound,9:0.000}");
        Console.WriteLine($"{"uet run",-28} {makespan.TotalSeconds,11:0.00} {makespan / bound,9:0.000}");
        Console.WriteLine($"uet ÷ make = {makespan / make:0.000}");
        return 0;
    }

    private static void Row(string name, TimeSpan t, int n, TimeSpan make) =>
        Console.WriteLine($"{name,-72} {t.TotalSeconds,9:0.00} {t.TotalMilliseconds / n,9:0.00} {t / make,8:0.0}");

    private static List<double> AttemptDurations(JsonElement run) =>
        run.GetProperty("workstreams").EnumerateArray()
            .Where(w => w.TryGetProperty("startedAt", out var s) && s.ValueKind == JsonValueKind.String
                && w.TryGetProperty("finishedAt", out var f) && f.ValueKind == JsonValueKind.String)
            .Select(w => (w.GetProperty("finishedAt").GetDateTimeOffset() - w.GetProperty("startedAt").GetDateTimeOffset()).TotalMilliseconds)
            .ToList();

    /// <summary>For every workstream with dependencies: its start minus the integration of its last dependency.</summary>
    private static List<double> DependencyHops(JsonElement run, RandomDag dag)
    {
        var ws = run.GetProperty("workstreams").EnumerateArray().ToDictionary(w => w.GetProperty("id").GetString()!);
        return Enumerable.Range(0, dag.Count)
            .Where(i => dag.Dependencies[i].Count > 0)
            .Select(i => (ws[RandomDag.Id(i)].GetProperty("startedAt").GetDateTimeOffset()
                - dag.Dependencies[i].Max(d => ws[RandomDag.Id(d)].GetProperty("finishedAt").GetDateTimeOffset())).TotalMilliseconds)
            .ToList();
    }

    /// <summary>From the first workstream start to the last workstream finish, as the saga recorded them.</summary>
    private static TimeSpan Makespan(JsonElement run)
    {
        var ws = run.GetProperty("workstreams").EnumerateArray().ToList();
        var start = ws.Min(w => w.GetProperty("startedAt").GetDateTimeOffset());
        var end = ws.Max(w => w.GetProperty("finishedAt").GetDateTimeOffset());
        return end - start;
    }

    internal static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];
    }

    internal static int IntArg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
