using MassTransit;
using MassTransit.Testing;

using Microsoft.Extensions.DependencyInjection;

using Uet.Contracts;
using Uet.Metrics.Store;
using Uet.Metrics.Tests.Infrastructure;
using Uet.Persistence;

namespace Uet.Metrics.Tests;

/// <summary>The service on a bus: AddMetrics + AddMetricsPersistence store what is published, once per MessageId.</summary>
public sealed class MetricsBusTests
{
    [Fact]
    public async Task Published_events_are_stored_and_a_redelivered_one_is_stored_once()
    {
        await using var db = await TestStore.CreateAsync(DatabaseProvider.Sqlite);
        await using var provider = MetricsOnABus(db);
        var harness = provider.GetRequiredService<ITestHarness>();
        var consumed = new ConsumeCounter();
        await harness.Start();
        using var _ = harness.Bus.ConnectConsumeObserver(consumed);
        try
        {
            var run = Guid.NewGuid();
            var duplicated = Guid.NewGuid();
            await harness.Bus.Publish(new RunStarted(run, "bus", 1, EventSequence.At(1)));
            await harness.Bus.Publish(new WorkstreamStarted(run, "a", 1, "w", EventSequence.At(2)), c => c.MessageId = duplicated);
            await harness.Bus.Publish(new WorkstreamStarted(run, "a", 1, "w", EventSequence.At(2)), c => c.MessageId = duplicated);
            await harness.Bus.Publish(new WorkstreamHeartbeat(run, "a", 1, "w", EventSequence.At(3)));
            await harness.Bus.Publish(new RunCompleted(run, "bus", "b", "h", EventSequence.At(4)));

            // Inactivity: nothing left in flight on the bus (no fixed wait).
            await harness.InactivityTask;

            Assert.Equal(2, consumed.Count(nameof(WorkstreamStarted)));
            Assert.Equal(0, consumed.Count(nameof(WorkstreamHeartbeat)));

            var stored = await db.Queries.ForRunAsync(run);
            Assert.Equal([nameof(RunStarted), nameof(WorkstreamStarted), nameof(RunCompleted)], stored.Select(e => e.Type));
            Assert.Equal(duplicated, stored[1].MessageId);
        }
        finally
        {
            await harness.Stop();
        }
    }

    [Fact]
    public async Task A_decision_s_state_changes_are_stored_one_row_each_and_a_redelivered_envelope_adds_none()
    {
        await using var db = await TestStore.CreateAsync(DatabaseProvider.Sqlite);
        await using var provider = MetricsOnABus(db);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        try
        {
            var run = Guid.NewGuid();
            var envelopeId = Guid.NewGuid();
            var done = new WorkstreamStateChanged(run, "a", 1, "DONE", null, EventSequence.At(1));
            var ready = new WorkstreamStateChanged(run, "b", 0, "READY", "dependencies done", EventSequence.At(1));
            var dispatched = new WorkstreamStateChanged(run, "b", 1, "READY", "dispatched", EventSequence.At(1));
            var envelope = new WorkstreamStatesChanged(run, [done, ready, dispatched]);
            await harness.Bus.Publish(envelope, c => c.MessageId = envelopeId);
            await harness.Bus.Publish(envelope, c => c.MessageId = envelopeId);

            await harness.InactivityTask;

            var stored = await db.Queries.ForRunAsync(run);
            Assert.All(stored, e => Assert.Equal(nameof(WorkstreamStateChanged), e.Type));
            Assert.Equal([done, ready, dispatched], stored.Select(e => e.Message()));
            Assert.Equal(Enumerable.Range(0, 3).Select(i => StateChangesRecorder.ChangeId(envelopeId, i)), stored.Select(e => e.MessageId));
            Assert.Equal(3, stored.Select(e => e.MessageId).Distinct().Count());
        }
        finally
        {
            await harness.Stop();
        }
    }

    [Fact]
    public void Every_recorder_listens_on_the_one_metrics_endpoint()
    {
        var definitions = EventCatalog.Stored
            .Select(t => (IConsumerDefinition)Activator.CreateInstance(typeof(EventRecorderDefinition<>).MakeGenericType(t.ClrType))!)
            .Append(new StateChangesRecorderDefinition())
            .ToList();

        Assert.All(definitions, d => Assert.Equal(MetricsRegistration.EndpointName, d.GetEndpointName(DefaultEndpointNameFormatter.Instance)));
    }

    private static ServiceProvider MetricsOnABus(TestStore db) =>
        new ServiceCollection().AddMetricsPersistence(db.Options).AddMassTransitTestHarness(x => x.AddMetrics()).BuildServiceProvider(true);

    /// <summary>Counts consumed messages by type, every delivery (the harness's own lists keep one entry per MessageId).</summary>
    private sealed class ConsumeCounter : IConsumeObserver
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _counts = new();

        public int Count(string type) => _counts.GetValueOrDefault(type);

        public Task PreConsume<T>(ConsumeContext<T> context)
            where T : class => Task.CompletedTask;

        public Task PostConsume<T>(ConsumeContext<T> context)
            where T : class
        {
            _counts.AddOrUpdate(typeof(T).Name, 1, (_, n) => n + 1);
            return Task.CompletedTask;
        }

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
            where T : class => Task.CompletedTask;
    }
}
