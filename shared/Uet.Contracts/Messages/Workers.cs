namespace Uet.Contracts;

public enum WorkerState
{
    Spawning,
    Idle,
    Busy,
    Draining,
    Terminated,
}

/// <summary>A worker replica's lifecycle. <c>RunId</c> is the run it works on while busy, else null.</summary>
public sealed record WorkerStatusChanged(
    string WorkerId,
    WorkerState State,
    Guid? RunId,
    string? WorkstreamId,
    int Slots,
    int BusySlots,
    string Host,
    DateTimeOffset At);
