using Uet.Bench;

// Each benchmark is a subcommand; add new ones to this table.
var commands = new Dictionary<string, (string Help, Func<string[], int> Run)>(StringComparer.Ordinal)
{
    ["overhead"] = ("time `uet run` on no-op workstreams beside make -j: overhead [--workstreams 1000] [--max-workers 8] [--seed 7]", Uet.Bench.Runs.RunBenchmarks.Overhead),
    ["scheduling"] = ("makespan of `uet run` against the lower bound and make -j: scheduling [--workstreams 200] [--max-workers 8] [--seconds 0.5]", Uet.Bench.Runs.RunBenchmarks.Scheduling),
    ["cluster"] = ("distributed mode on UET_RABBITMQ + UET_POSTGRES: per-hop dispatch latency of a --dry-run chain, throughput of independent --dry-run workstreams with 1, 2, 4 workers and peak RSS per service, beside a bare MassTransit ping-pong and the design's message flow with no-op consumers: cluster [--chain 500] [--independent 2000] [--floors-only]", Uet.Bench.Cluster.ClusterBenchmark.Run),
    ["validate"] = ("time PlanInspector.Inspect on random plans: validate [--sizes 10000,100000] [--runs 3] [--seed 42]", ValidateBenchmark.Run),
};

if (args.Length == 0 || !commands.TryGetValue(args[0], out var command))
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Uet.Bench -- <command> [options]");
    foreach (var (name, (help, _)) in commands.OrderBy(c => c.Key, StringComparer.Ordinal))
    {
        Console.Error.WriteLine($"  {name,-10} {help}");
    }
    return 2;
}
return command.Run(args[1..]);
