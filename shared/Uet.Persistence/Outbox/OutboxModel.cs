using Microsoft.EntityFrameworkCore;

namespace Uet.Persistence.Outbox;

public static class OutboxModel
{
    /// <summary>Maps the outbox and inbox tables into a service's DbContext (its schema on PostgreSQL).</summary>
    public static ModelBuilder AddUetOutbox(this ModelBuilder model, string? schema = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var outbox = model.Entity<OutboxMessage>();
        outbox.ToTable("OutboxMessages", schema);
        outbox.HasKey(x => x.Id);
        outbox.Property(x => x.Id).ValueGeneratedNever();
        outbox.Property(x => x.MessageType).HasMaxLength(400);
        outbox.HasIndex(x => x.CreatedAtMs);

        var inbox = model.Entity<InboxMessage>();
        inbox.ToTable("InboxMessages", schema);
        inbox.HasKey(x => new { x.MessageId, x.Consumer });
        inbox.Property(x => x.Consumer).HasMaxLength(200);
        inbox.HasIndex(x => x.ReceivedAtMs);
        return model;
    }
}
