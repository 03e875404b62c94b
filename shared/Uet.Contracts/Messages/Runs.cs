namespace Uet.Contracts;

public sealed record CancelRun(Guid RunId, string Reason);

/// <summary>Resume a Halted, Failed or interrupted run: keep what is done, re-dispatch the rest.</summary>
public sealed record ResumeRun(Guid RunId, decimal? BudgetUsd, DateTimeOffset At);

public sealed record RunStarted(Guid RunId, string RunName, int Workstreams, DateTimeOffset At);

public sealed record RunCompleted(Guid RunId, string RunName, string IntegrationBranch, string IntegrationHead, DateTimeOffset At);

public sealed record RunFailed(Guid RunId, string RunName, string Reason, IReadOnlyList<string> FailedWorkstreams, DateTimeOffset At);

public sealed record RunCancelled(Guid RunId, string RunName, string Reason, DateTimeOffset At);

public sealed record RunHalted(Guid RunId, string RunName, string Reason, DateTimeOffset At);

/// <summary>A per-workstream state change inside the saga, for live views and the event store.</summary>
public sealed record WorkstreamStateChanged(Guid RunId, string WorkstreamId, int Attempt, string State, string? Detail, DateTimeOffset At);

/// <summary>
/// Every workstream state change of one saga decision, in order, as one message: a decision often makes several (a
/// workstream integrated, its dependents ready and dispatched), and each message costs a send, a confirm and a
/// delivery. The event store still keeps each change as a <see cref="WorkstreamStateChanged"/> of its own.
/// </summary>
public sealed record WorkstreamStatesChanged(Guid RunId, IReadOnlyList<WorkstreamStateChanged> Changes);
