using System.Diagnostics;

using MassTransit;

namespace Uet.Bench.Cluster;

public sealed record BenchPing(int Remaining);

public sealed record BenchPong(int Remaining);

/// <summary>
/// The floor for a dispatch hop: a bare MassTransit publish → consume → publish round trip on the same broker, with
/// confirms; on durable queues (persistent messages stored, as the services' are) or transient ones.
/// </summary>
internal static class PingPong
{
    public static async Task<TimeSpan> PerHopAsync(Uri rabbitMq, int roundTrips, bool durable)
    {
        var suffix = durable ? "-durable" : "";
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(rabbitMq, h => h.PublisherConfirmation = true);
            cfg.ReceiveEndpoint("bench-ping" + suffix, e =>
            {
                e.AutoDelete = true;
                e.Durable = durable;
                e.Handler<BenchPing>(c => c.Publish(new BenchPong(c.Message.Remaining)));
            });
            cfg.ReceiveEndpoint("bench-pong" + suffix, e =>
            {
                e.AutoDelete = true;
                e.Durable = durable;
                e.Handler<BenchPong>(async c =>
                {
                    if (c.Message.Remaining <= 1)
                    {
                        done.TrySetResult();
                        return;
                    }

                    await c.Publish(new BenchPing(c.Message.Remaining - 1));
                });
            });
        });
        await bus.StartAsync();
        try
        {
            await bus.Publish(new BenchPing(20)); // warm-up
            await done.Task.WaitAsync(TimeSpan.FromMinutes(1));
            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var watch = Stopwatch.StartNew();
            await bus.Publish(new BenchPing(roundTrips));
            await done.Task.WaitAsync(TimeSpan.FromMinutes(5));
            return watch.Elapsed / (2.0 * roundTrips);
        }
        finally
        {
            await bus.StopAsync();
        }
    }
}
