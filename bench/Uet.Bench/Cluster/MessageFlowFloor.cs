using System.Diagnostics;

using MassTransit;

namespace Uet.Bench.Cluster;

public sealed record FlowExecute(int Id);

public sealed record FlowStarted(int Id);

public sealed record FlowSucceeded(int Id);

public sealed record FlowIntegrate(int Id);

public sealed record FlowIntegrated(int Id);

/// <summary>
/// What the design's message flow alone allows, whatever the services do with it: per workstream the five messages
/// of DESIGN.md §2 (execute, started, succeeded, integrate, integrated), each published to its consumer's queue and to
/// the event store's, on durable queues with confirms, as the services send them. The consumers do nothing but send
/// the next message, all in this one process: a generous bound, which the real services (a saga write per event, an
/// event store, several processes) can only approach from above in latency and from below in throughput.
/// Two shapes: every workstream released at once (throughput), or a chain, where the scheduler's consumer of one
/// workstream's <c>Integrated</c> releases the next (the dispatch hop: integrated -> next started).
/// </summary>
internal static class MessageFlowFloor
{
    public static async Task<(double PerSecond, double CpuMsPerWorkstream)> ThroughputAsync(Uri rabbitMq, int workstreams)
    {
        await using var flow = await Flow.StartAsync(rabbitMq, chain: false);
        await flow.RunAsync(Math.Max(1, workstreams / 10)); // warm-up: JIT, channels
        var cpuBefore = CpuTime.MachineBusyMs();
        var watch = Stopwatch.StartNew();
        await flow.RunAsync(workstreams);
        watch.Stop();
        return (workstreams / watch.Elapsed.TotalSeconds, (CpuTime.MachineBusyMs() - cpuBefore) / workstreams);
    }

    /// <summary>Per hop of a chain, in ms: one workstream's <c>Integrated</c> about to be published -> the next's <c>Execute</c> received.</summary>
    public static async Task<List<double>> ChainHopsAsync(Uri rabbitMq, int length)
    {
        await using var flow = await Flow.StartAsync(rabbitMq, chain: true);
        await flow.RunAsync(Math.Max(2, length / 10));
        await flow.RunAsync(length);
        return flow.Hops();
    }

    private sealed class Flow : IAsyncDisposable
    {
        private readonly bool _chain;
        private IBusControl _bus = null!;
        private int _integrated;
        private int _target;
        private long[] _integratedAt = [];
        private long[] _startedAt = [];
        private TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private Flow(bool chain) => _chain = chain;

        public static async Task<Flow> StartAsync(Uri rabbitMq, bool chain)
        {
            var flow = new Flow(chain);
            flow._bus = flow.Configure(rabbitMq);
            await flow._bus.StartAsync();
            return flow;
        }

        public async Task RunAsync(int count)
        {
            _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _integratedAt = new long[count];
            _startedAt = new long[count];
            Volatile.Write(ref _integrated, 0);
            Volatile.Write(ref _target, count);
            var released = _chain ? 1 : count;
            await Task.WhenAll(Enumerable.Range(0, released).Select(i => _bus.Publish(new FlowExecute(i))));
            await _done.Task.WaitAsync(TimeSpan.FromMinutes(5));
        }

        public List<double> Hops() => [.. Enumerable.Range(1, _target - 1).Select(i => Stopwatch.GetElapsedTime(_integratedAt[i - 1], _startedAt[i]).TotalMilliseconds)];

        public async ValueTask DisposeAsync() => await _bus.StopAsync();

        private IBusControl Configure(Uri rabbitMq) => Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(rabbitMq, h => h.PublisherConfirmation = true);
            void Endpoint(string name, Action<IRabbitMqReceiveEndpointConfigurator> handlers) => cfg.ReceiveEndpoint("bench-flow-" + name, e =>
            {
                e.AutoDelete = true;
                e.PrefetchCount = 64;
                e.ConcurrentMessageLimit = 32;
                handlers(e);
            });

            Endpoint("worker", e => e.Handler<FlowExecute>(async c =>
            {
                _startedAt[c.Message.Id] = Stopwatch.GetTimestamp();
                await c.Publish(new FlowStarted(c.Message.Id));
                await c.Publish(new FlowSucceeded(c.Message.Id));
            }));
            Endpoint("scheduler", e =>
            {
                e.Handler<FlowStarted>(_ => Task.CompletedTask);
                e.Handler<FlowSucceeded>(c => c.Publish(new FlowIntegrate(c.Message.Id)));
                e.Handler<FlowIntegrated>(c =>
                {
                    if (Interlocked.Increment(ref _integrated) == Volatile.Read(ref _target))
                    {
                        _done.TrySetResult();
                        return Task.CompletedTask;
                    }
                    return _chain ? c.Publish(new FlowExecute(c.Message.Id + 1)) : Task.CompletedTask;
                });
            });
            Endpoint("integration", e => e.Handler<FlowIntegrate>(c =>
            {
                // As the integration service stamps WorkstreamIntegrated.At, which the cluster's hop starts from.
                _integratedAt[c.Message.Id] = Stopwatch.GetTimestamp();
                return c.Publish(new FlowIntegrated(c.Message.Id));
            }));
            Endpoint("store", e =>
            {
                e.Handler<FlowExecute>(_ => Task.CompletedTask);
                e.Handler<FlowStarted>(_ => Task.CompletedTask);
                e.Handler<FlowSucceeded>(_ => Task.CompletedTask);
                e.Handler<FlowIntegrate>(_ => Task.CompletedTask);
                e.Handler<FlowIntegrated>(_ => Task.CompletedTask);
            });
        });
    }
}
