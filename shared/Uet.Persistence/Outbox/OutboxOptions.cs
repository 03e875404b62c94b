namespace Uet.Persistence.Outbox;

public sealed class OutboxOptions
{
    /// <summary>How often confirmed rows are deleted (in one statement) and old rows looked for.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A row this old is republished: its process died after the commit, or its publish failed.</summary>
    public TimeSpan RedeliverAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long handled message ids are remembered by the inbox.</summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(2);
}
