using Uet.Contracts;

namespace Uet.Scheduler.Model;

/// <summary>
/// One workstream's progress as stored: a row per (run, workstream), so a message that moves one workstream
/// writes one small row, not the whole run. The saga works on <see cref="WorkstreamProgress"/> records.
/// </summary>
public sealed class WorkstreamRow
{
    public Guid RunId { get; set; }
    public string WorkstreamId { get; set; } = "";
    public string State { get; set; } = WorkstreamStates.Pending;
    public int Attempt { get; set; }
    public int Failures { get; set; }
    public int LeaseExpiries { get; set; }
    public string? WorkerId { get; set; }
    public string? Branch { get; set; }
    public string? Commit { get; set; }
    public DateTimeOffset? ReadyAt { get; set; }
    public DateTimeOffset? DispatchedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public DateTimeOffset? LastHeartbeat { get; set; }
    public int? IntegratedOrder { get; set; }
    public FailureKind? FailureKind { get; set; }
    public string? Error { get; set; }

    // PostgreSQL keeps timestamps in UTC; workers may report with their local offset.
    public static WorkstreamRow From(Guid runId, string workstreamId, WorkstreamProgress p) => new()
    {
        RunId = runId,
        WorkstreamId = workstreamId,
        State = p.State,
        Attempt = p.Attempt,
        Failures = p.Failures,
        LeaseExpiries = p.LeaseExpiries,
        WorkerId = p.WorkerId,
        Branch = p.Branch,
        Commit = p.Commit,
        ReadyAt = p.ReadyAt?.ToUniversalTime(),
        DispatchedAt = p.DispatchedAt?.ToUniversalTime(),
        StartedAt = p.StartedAt?.ToUniversalTime(),
        FinishedAt = p.FinishedAt?.ToUniversalTime(),
        LastHeartbeat = p.LastHeartbeat?.ToUniversalTime(),
        IntegratedOrder = p.IntegratedOrder,
        FailureKind = p.FailureKind,
        Error = p.Error,
    };

    public WorkstreamProgress ToProgress() => new()
    {
        State = State,
        Attempt = Attempt,
        Failures = Failures,
        LeaseExpiries = LeaseExpiries,
        WorkerId = WorkerId,
        Branch = Branch,
        Commit = Commit,
        ReadyAt = ReadyAt,
        DispatchedAt = DispatchedAt,
        StartedAt = StartedAt,
        FinishedAt = FinishedAt,
        LastHeartbeat = LastHeartbeat,
        IntegratedOrder = IntegratedOrder,
        FailureKind = FailureKind,
        Error = Error,
    };
}
