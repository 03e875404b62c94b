using MassTransit;
using MassTransit.Testing;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using Uet.Persistence;
using Uet.Scheduler.Model;
using Uet.Scheduler.Persistence;
using Uet.Scheduler.Queries;
using Uet.Scheduler.Saga;

namespace Uet.Scheduler.Tests.Infrastructure;

/// <summary>
/// The Scheduler as a process would host it: MassTransit's test harness (in-memory transport) with the run
/// saga on our EF Core repository over a real database. Disposing it is a crash as far as the saga is
/// concerned: a new host on the same database carries on from what was committed.
/// </summary>
internal sealed class SchedulerTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private SchedulerTestHost(ServiceProvider provider, ITestHarness harness, MessageRecorder messages, ConsumeCounter consumes, PersistenceOptions database)
    {
        _provider = provider;
        Harness = harness;
        Messages = messages;
        Consumes = consumes;
        Database = database;
        Saga = harness.GetSagaStateMachineHarness<RunStateMachine, RunState>();
    }

    public ITestHarness Harness { get; }
    public ISagaStateMachineTestHarness<RunStateMachine, RunState> Saga { get; }
    public MessageRecorder Messages { get; }
    public ConsumeCounter Consumes { get; }
    public PersistenceOptions Database { get; }
    public RunQueries Queries => _provider.GetRequiredService<RunQueries>();
    public IServiceProvider Services => _provider;

    /// <param name="more">More registrations, as a host composing other services would add them.</param>
    public static async Task<SchedulerTestHost> StartAsync(PersistenceOptions database, Action<SchedulerOptions>? configure = null, Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection();
        more?.Invoke(services);
        services.AddLogging(b =>
        {
            if (Environment.GetEnvironmentVariable("UET_TEST_LOG") is { Length: > 0 } log)
            {
                b.SetMinimumLevel(LogLevel.Debug).AddProvider(new FileLoggerProvider(log));
            }
        });
        services.AddSchedulerPersistence(database);
        services.AddMassTransitTestHarness(x => x.AddScheduler(configure));
        services.Configure<TestHarnessOptions>(o =>
        {
            o.TestTimeout = TimeSpan.FromMinutes(3);
            o.TestInactivityTimeout = TimeSpan.FromMinutes(1);
        });
        var provider = services.BuildServiceProvider(validateScopes: true);
        await SchedulerDatabase.MigrateAsync(provider);
        var harness = provider.GetTestHarness();
        var recorder = new MessageRecorder();
        harness.Bus.ConnectPublishObserver(recorder);
        var consumes = new ConsumeCounter();
        harness.Bus.ConnectConsumeObserver(consumes);
        await harness.Start();
        return new SchedulerTestHost(provider, harness, recorder, consumes, database);
    }

    /// <summary>Publishes and waits until the saga handled the message and its transaction committed.</summary>
    public async Task Publish<T>(T message)
        where T : class
    {
        var messageId = NewId.NextGuid();
        await Harness.Bus.Publish(message, c => c.MessageId = messageId);
        await Consumed<T>(messageId);
    }

    /// <summary>Publishes with a given MessageId (as a redelivery carries) and waits until the saga endpoint handled it.</summary>
    public async Task PublishWithId<T>(T message, Guid messageId)
        where T : class
    {
        await Harness.Bus.Publish(message, c => c.MessageId = messageId);
        await Consumed<T>(messageId);
    }

    /// <summary>Publishes without waiting (for concurrent bursts); pair with <see cref="Consumed{T}"/>.</summary>
    public async Task<Guid> PublishOnly<T>(T message)
        where T : class
    {
        var messageId = NewId.NextGuid();
        await Harness.Bus.Publish(message, c => c.MessageId = messageId);
        return messageId;
    }

    public async Task Consumed<T>(Guid messageId)
        where T : class
    {
        // The bus-level record, not the saga harness's: the latter is written inside the saga pipe, before the
        // repository commits; the bus hears of the consume only after the repository returned.
        if (await Harness.Consumed.Any<T>(x => x.Context.MessageId == messageId && x.Exception is null))
        {
            return;
        }
        var faults = Harness.Consumed.Select<T>(x => x.Context.MessageId == messageId && x.Exception is not null).Select(x => x.Exception!.ToString()).ToList();
        throw new TimeoutException($"The saga did not handle {typeof(T).Name} {messageId}. Faults: {string.Join(Environment.NewLine, faults)}");
    }

    public async Task<RunState> Load(Guid runId) =>
        await Queries.LoadStateAsync(runId) ?? throw new InvalidOperationException($"No run {runId} in the database.");

    public async Task<int> CountRuns(Guid runId)
    {
        var factory = _provider.GetRequiredService<IDbContextFactory<SchedulerDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        return await db.Runs.CountAsync(r => r.CorrelationId == runId);
    }

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await _provider.DisposeAsync();
    }
}
