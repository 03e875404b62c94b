using Uet.Contracts;

namespace Uet.Scheduler.Saga;

/// <summary>
/// What handling one message decided besides the row changes: messages to publish (in order) and the run
/// state to move to. The state machine applies them; the in-memory outbox sends the messages after the commit.
/// </summary>
internal sealed class RunEffects(DateTimeOffset now)
{
    private readonly List<object> _commands = [];
    private readonly List<object> _events = [];
    private readonly List<WorkstreamStateChanged> _stateChanges = [];

    /// <summary>Where the decision's one <see cref="WorkstreamStatesChanged"/> goes among its events: at its first change.</summary>
    private int _stateChangesAt = -1;

    public DateTimeOffset Now { get; } = now;

    /// <summary>
    /// Commands to other services first, then events, each in the order they were published. The outbox sends one
    /// message after another, each awaiting the broker's confirm, so a worker or the integration service gets its
    /// work without waiting behind the state-change events of the same decision (events keep their order).
    /// The decision's workstream state changes go out as one <see cref="WorkstreamStatesChanged"/>, in the place of the
    /// first. Builds a new list when there are commands or state changes: take it once.
    /// </summary>
    public IReadOnlyList<object> MessagesInSendOrder()
    {
        if (_stateChanges.Count == 0)
        {
            return _commands.Count == 0 ? _events : [.. _commands, .. _events];
        }

        var messages = new List<object>(_commands.Count + _events.Count + 1);
        messages.AddRange(_commands);
        messages.AddRange(_events);
        messages.Insert(_commands.Count + _stateChangesAt, new WorkstreamStatesChanged(_stateChanges[0].RunId, [.. _stateChanges]));
        return messages;
    }

    public string? NextPhase { get; private set; }

    /// <summary>Something in the row changed (UpdatedAt moves).</summary>
    public bool Changed { get; private set; }

    public void Publish(object message)
    {
        if (message is WorkstreamStateChanged change)
        {
            if (_stateChanges.Count == 0)
            {
                _stateChangesAt = _events.Count;
            }

            _stateChanges.Add(change);
        }
        else
        {
            (IsCommand(message) ? _commands : _events).Add(message);
        }

        Changed = true;
    }

    public void GoTo(string phase)
    {
        NextPhase = phase;
        Changed = true;
    }

    public void MarkChanged() => Changed = true;

    private static bool IsCommand(object message) =>
        message is ExecuteWorkstream or CancelWorkstream or IntegrateWorkstream or PrepareIntegration or RevertIntegration;
}
