using MassTransit;
using MassTransit.Testing;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

using Uet.Cost.Persistence;
using Uet.Cost.Queries;
using Uet.Persistence;

namespace Uet.Cost.Tests.Infrastructure;

/// <summary>The Cost service as a process hosts it: MassTransit's test harness (in-memory transport) over a real database.</summary>
internal sealed class CostTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private CostTestHost(ServiceProvider provider)
    {
        _provider = provider;
        Harness = provider.GetTestHarness();
    }

    public ITestHarness Harness { get; }

    public PublishRecorder Sent { get; } = new();

    public CostQueries Queries => _provider.GetRequiredService<CostQueries>();

    public static async Task<CostTestHost> StartAsync(PersistenceOptions database, Action<CostOptions>? configure = null)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(new FakeTimeProvider(Messages.Now))
            .AddCostPersistence(database)
            .AddMassTransitTestHarness(x => x.AddCost(configure));
        services.Configure<TestHarnessOptions>(o => o.TestTimeout = TimeSpan.FromMinutes(2));
        var provider = services.BuildServiceProvider(validateScopes: true);
        await CostDatabase.MigrateAsync(provider);
        var host = new CostTestHost(provider);
        host.Harness.Bus.ConnectPublishObserver(host.Sent);
        await host.Harness.Start();
        return host;
    }

    /// <summary>Publishes with a fresh message id, as a redelivery from another sender would have.</summary>
    public Task Publish<T>(T message)
        where T : class => Harness.Bus.Publish(message, c => c.MessageId = NewId.NextGuid());

    /// <summary>Waits until <paramref name="count"/> messages of type <typeparamref name="T"/> have been published.</summary>
    public Task<List<IPublishedMessage<T>>> PublishedAsync<T>(int count)
        where T : class =>
        Poll.UntilAsync(() => Harness.Published.Select<T>().ToList(), l => l.Count >= count, TimeSpan.FromSeconds(60), $"{count} {typeof(T).Name}");

    /// <summary>Waits until <paramref name="count"/> publishes of <typeparamref name="T"/> were made (re-sends included).</summary>
    public Task<IReadOnlyList<(Guid? MessageId, T Message)>> SentAsync<T>(int count) =>
        Poll.UntilAsync(() => Sent.All<T>(), l => l.Count >= count, TimeSpan.FromSeconds(60), $"{count} sends of {typeof(T).Name}");

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await _provider.DisposeAsync();
    }
}
