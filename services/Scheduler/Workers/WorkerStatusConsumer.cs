using MassTransit;

using Microsoft.EntityFrameworkCore;

using Uet.Contracts;
using Uet.Persistence;
using Uet.Scheduler.Persistence;

namespace Uet.Scheduler.Workers;

/// <summary>Keeps one row per worker replica with its latest announced state; an older message never overwrites a newer one.</summary>
public sealed class WorkerStatusConsumer(IDbContextFactory<SchedulerDbContext> databases) : IConsumer<WorkerStatusChanged>
{
    public async Task Consume(ConsumeContext<WorkerStatusChanged> context)
    {
        var m = context.Message;
        await using var db = await databases.CreateDbContextAsync(context.CancellationToken);
        var row = await db.Set<WorkerRow>().FindAsync([m.WorkerId], context.CancellationToken);
        if (row is null)
        {
            row = new WorkerRow { WorkerId = m.WorkerId };
            db.Add(row);
        }
        else if (row.LastSeen > m.At.ToUniversalTime())
        {
            return;
        }

        row.State = m.State;
        row.RunId = m.RunId;
        row.WorkstreamId = m.WorkstreamId;
        row.Slots = m.Slots;
        row.BusySlots = m.BusySlots;
        row.Host = m.Host;
        row.LastSeen = m.At.ToUniversalTime();
        // A concurrent first insert of the same worker fails here; the endpoint's retry then finds the row.
        await db.SaveChangesAsync(context.CancellationToken);
    }
}

public sealed class WorkerStatusConsumerDefinition : ConsumerDefinition<WorkerStatusConsumer>
{
    public WorkerStatusConsumerDefinition() => EndpointName = "scheduler-workers";

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<WorkerStatusConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(DatabaseRetry.Configure);
}
