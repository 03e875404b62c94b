using System.Diagnostics;
using System.Globalization;

using Uet.Domain;

namespace Uet.Bench;

/// <summary>Times <see cref="PlanInspector.Inspect"/> (load, validate, analyse) on generated plans of several sizes.</summary>
internal static class ValidateBenchmark
{
    public static int Run(string[] args)
    {
        var sizes = BenchArgs.Ints(args, "--sizes", [10_000, 100_000]);
        var runs = Math.Max(1, BenchArgs.Int(args, "--runs", 3));
        var seed = BenchArgs.Int(args, "--seed", 42);

        // Warm up the JIT so the first size is not charged for it.
        PlanInspector.Inspect("warmup", RandomPlan.Generate(2_000, seed), new InspectOptions());

        Console.WriteLine($"validate benchmark: {Environment.ProcessorCount} cores, {runs} runs per size (ms = median, min = fastest), seed {seed}");
        Console.WriteLine($"{"workstreams",12} {"ms",10} {"min",8} {"ms/1k",8} {"valid",6} {"diagnostics",12} {"conflicts",10} {"waves",8}");
        var results = new List<(int Size, double Ms)>();
        foreach (var size in sizes)
        {
            var files = RandomPlan.Generate(size, seed);
            var times = new List<double>();
            var gcPause = 0.0;
            var cpu = 0.0;
            var allocated = 0.0;
            var collections = "";
            PlanReport? report = null;
            for (var r = 0; r < runs; r++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var pauseBefore = GC.GetTotalPauseDuration();
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var allocatedBefore = GC.GetTotalAllocatedBytes(true);
                var gens = new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) };
                var clock = Stopwatch.StartNew();
                report = PlanInspector.Inspect("bench", files, new InspectOptions());
                times.Add(clock.Elapsed.TotalMilliseconds);
                cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds;
                allocated = (GC.GetTotalAllocatedBytes(true) - allocatedBefore) / 1e6;
                collections = $"{GC.CollectionCount(0) - gens[0]}/{GC.CollectionCount(1) - gens[1]}/{GC.CollectionCount(2) - gens[2]}";
                gcPause = (GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds;
            }
            times.Sort();
            var ms = times[times.Count / 2];
            results.Add((size, ms));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{size,12:N0} {ms,10:F0} {times[0],8:F0} {ms / (size / 1000.0),8:F2} {report!.IsValid,6} {report.Diagnostics.Count,12:N0} {report.Analysis?.Conflicts.Count,10:N0} {report.Analysis?.Waves.Count,8:N0}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"",12} last run: CPU {cpu:F0} ms (all threads), GC pauses {gcPause:F0} ms, allocated {allocated:F0} MB, collections gen0/1/2 {collections}, heap {GC.GetTotalMemory(false) / 1e6:F0} MB"));
            if (!report.IsValid)
            {
                foreach (var d in report.Diagnostics.Where(d => d.Severity == Uet.Contracts.Plans.DiagnosticSeverity.Error).Take(5))
                {
                    Console.WriteLine($"  {d.Code} {d.File}:{d.Line} {d.WorkstreamId} {d.Message}");
                }
            }
        }
        if (results.Count >= 2)
        {
            var (small, smallMs) = results[0];
            var (large, largeMs) = results[^1];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ratio t({large:N0})/t({small:N0}) = {largeMs / smallMs:F2} for {(double)large / small:F0}x the workstreams"));
        }
        return 0;
    }
}
