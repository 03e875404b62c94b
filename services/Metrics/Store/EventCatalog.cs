using Uet.Contracts;

namespace Uet.Metrics.Store;

/// <summary>What the store copies out of a message into its own columns; a null time means "when it was sent".</summary>
public sealed record EventKey(Guid? RunId, string? WorkstreamId = null, int? Attempt = null, DateTimeOffset? Time = null);

/// <summary>One stored contract type: its name in the store and how to key it.</summary>
public sealed class EventType
{
    internal EventType(Type clrType, Func<object, EventKey> key)
    {
        ClrType = clrType;
        Name = clrType.Name;
        Key = key;
    }

    /// <summary>The contract's type name; the store's <c>Type</c> column and <c>uet events --type</c>.</summary>
    public string Name { get; }

    public Type ClrType { get; }

    internal Func<object, EventKey> Key { get; }
}

/// <summary>
/// Every contract message the Metrics service stores: all events and the published commands (dispatches,
/// cancels, resumes are part of a run's history), except heartbeats (see <see cref="NotStored"/>).
/// A test checks that every message type in Uet.Contracts is in one list or the other, so a new contract
/// cannot be forgotten silently.
/// </summary>
public static class EventCatalog
{
    public static IReadOnlyList<EventType> Stored { get; } =
    [
        // Plans and runs.
        Of<SubmitPlan>(m => new(m.RunId, Time: m.SubmittedAt)),
        Of<PlanAccepted>(m => new(m.RunId, Time: m.AcceptedAt)),
        Of<PlanRejected>(m => new(m.RunId, Time: m.RejectedAt)),
        Of<RunStarted>(m => new(m.RunId, Time: m.At)),
        Of<RunCompleted>(m => new(m.RunId, Time: m.At)),
        Of<RunFailed>(m => new(m.RunId, Time: m.At)),
        Of<RunCancelled>(m => new(m.RunId, Time: m.At)),
        Of<RunHalted>(m => new(m.RunId, Time: m.At)),
        Of<CancelRun>(m => new(m.RunId)),
        Of<ResumeRun>(m => new(m.RunId, Time: m.At)),
        Of<WorkstreamStateChanged>(m => new(m.RunId, m.WorkstreamId, m.Attempt, m.At)),

        // Workers.
        Of<ExecuteWorkstream>(m => new(m.RunId, m.WorkstreamId, m.Attempt, m.DispatchedAt == default ? null : m.DispatchedAt)),
        Of<CancelWorkstream>(m => new(m.RunId, m.WorkstreamId, m.Attempt)),
        Of<WorkstreamStarted>(m => new(m.RunId, m.WorkstreamId, m.Attempt, m.StartedAt)),
        Of<WorkstreamSucceeded>(m => new(m.RunId, m.WorkstreamId, m.Attempt, m.FinishedAt)),
        Of<WorkstreamFailed>(m => new(m.RunId, m.WorkstreamId, m.Attempt, m.FinishedAt)),
        Of<GateEvaluated>(m => new(m.RunId, m.WorkstreamId, m.Attempt)),
        Of<WorkerStatusChanged>(m => new(m.RunId, m.WorkstreamId, null, m.At)),
        Of<LeaseExpired>(m => new(m.RunId, m.WorkstreamId, m.Attempt, m.At)),

        // Integration.
        Of<PrepareIntegration>(m => new(m.RunId)),
        Of<IntegrationPrepared>(m => new(m.RunId)),
        Of<IntegrationPreparationFailed>(m => new(m.RunId)),
        Of<IntegrateWorkstream>(m => new(m.RunId, m.WorkstreamId, m.Attempt)),
        Of<WorkstreamIntegrated>(m => new(m.RunId, m.WorkstreamId, m.Attempt, m.At)),
        Of<MergeConflictDetected>(m => new(m.RunId, m.WorkstreamId, m.Attempt, m.At)),
        Of<IntegrationGateFailed>(m => new(m.RunId, m.WorkstreamId, m.Attempt, m.At)),
        Of<RevertIntegration>(m => new(m.RunId)),
        Of<IntegrationReverted>(m => new(m.RunId, Time: m.At)),

        // Cost.
        Of<UsageReported>(m => new(m.RunId, m.WorkstreamId, m.Attempt, m.At)),
        Of<CostRecorded>(m => new(m.RunId, m.WorkstreamId, m.Attempt, m.At)),
        Of<BudgetWarning>(m => new(m.RunId, m.WorkstreamId, null, m.At)),
        Of<BudgetExceeded>(m => new(m.RunId, m.WorkstreamId, null, m.At)),
    ];

    /// <summary>Contract messages deliberately not stored, and why.</summary>
    public static IReadOnlyDictionary<Type, string> NotStored { get; } = new Dictionary<Type, string>
    {
        [typeof(WorkstreamHeartbeat)] =
            "liveness only: one every few seconds per running attempt (720 an hour) that says nothing Started and Succeeded/Failed do not; "
            + "their one use, deciding that a lease expired, is the Scheduler's, and it says so in LeaseExpired (stored)",
        [typeof(WorkstreamStatesChanged)] =
            "the envelope of one saga decision's state changes: each is stored as a WorkstreamStateChanged of its own "
            + "(StateChangesRecorder), so the store and its readers see the same events as when they came one by one",
    };

    private static readonly Dictionary<string, EventType> ByName = Stored.ToDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase);
    private static readonly Dictionary<Type, EventType> ByType = Stored.ToDictionary(t => t.ClrType);

    /// <summary>The stored type of that name (any case), or null.</summary>
    public static EventType? Find(string name) => ByName.GetValueOrDefault(name);

    public static EventType For(Type type) =>
        ByType.GetValueOrDefault(type) ?? throw new ArgumentException($"{type.Name} is not a stored event type.", nameof(type));

    /// <summary>The body read back as its contract record (e.g. a <see cref="WorkstreamStarted"/>).</summary>
    public static object Deserialize(string typeName, string body) =>
        MetricsJson.Deserialize(body, (Find(typeName) ?? throw new ArgumentException($"'{typeName}' is not a stored event type.", nameof(typeName))).ClrType);

    private static EventType Of<T>(Func<T, EventKey> key)
        where T : class => new(typeof(T), m => key((T)m));
}
