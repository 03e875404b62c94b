using System.Text.Json;

namespace Uet.Persistence.Outbox;

/// <summary>
/// A message a saga produced, stored in the same transaction as the saga's new state; deleted once the broker
/// confirmed it. <see cref="Id"/> is the MessageId it is published with, every time, so receivers can tell a
/// redelivery from a new message.
/// </summary>
public sealed class OutboxMessage
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    public Guid Id { get; set; }
    public Guid SagaId { get; set; }

    /// <summary>Order of creation (UTC ticks, then position in its transaction), for redelivery in order.</summary>
    public long Sequence { get; set; }

    /// <summary>"Namespace.Type, Assembly", enough to load the type again.</summary>
    public string MessageType { get; set; } = "";
    public string Body { get; set; } = "";
    public long CreatedAtMs { get; set; }

    public static OutboxMessage Create(Guid id, Guid sagaId, object message, DateTimeOffset at, int position)
    {
        ArgumentNullException.ThrowIfNull(message);
        var type = message.GetType();
        return new OutboxMessage
        {
            Id = id,
            SagaId = sagaId,
            Sequence = at.UtcTicks + position,
            MessageType = $"{type.FullName}, {type.Assembly.GetName().Name}",
            Body = JsonSerializer.Serialize(message, type, Json),
            CreatedAtMs = at.ToUnixTimeMilliseconds(),
        };
    }

    /// <summary>The message object again (for redelivery after a crash).</summary>
    public (object Message, Type Type) Read()
    {
        var type = Type.GetType(MessageType, throwOnError: true)!;
        return (JsonSerializer.Deserialize(Body, type, Json)!, type);
    }
}

/// <summary>A message a consumer has handled, recorded in the transaction of that handling: a redelivery of it is skipped.</summary>
public sealed class InboxMessage
{
    public Guid MessageId { get; set; }
    public string Consumer { get; set; } = "";
    public long ReceivedAtMs { get; set; }
}

/// <summary>A saga instance whose handling produced messages for the outbox (written with the instance, then cleared).</summary>
public interface ISagaOutbox
{
    List<OutboxMessage> PendingOutbox { get; }
}
