namespace Uet.Scheduler.Saga;

/// <summary>
/// What handling one message decided besides the row changes: messages to publish (in order) and the run
/// state to move to. The state machine applies them; the in-memory outbox sends the messages after the commit.
/// </summary>
internal sealed class RunEffects(DateTimeOffset now)
{
    private readonly List<object> _messages = [];

    public DateTimeOffset Now { get; } = now;
    public IReadOnlyList<object> Messages => _messages;
    public string? NextPhase { get; private set; }

    /// <summary>Something in the row changed (UpdatedAt moves).</summary>
    public bool Changed { get; private set; }

    public void Publish(object message)
    {
        _messages.Add(message);
        Changed = true;
    }

    public void GoTo(string phase)
    {
        NextPhase = phase;
        Changed = true;
    }

    public void MarkChanged() => Changed = true;
}
