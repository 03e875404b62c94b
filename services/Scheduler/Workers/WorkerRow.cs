using Uet.Contracts;

namespace Uet.Scheduler.Workers;

/// <summary>The last thing a worker replica said about itself (WorkerStatusChanged); `uet workers` lists these.</summary>
public sealed class WorkerRow
{
    public string WorkerId { get; set; } = "";
    public WorkerState State { get; set; }
    public Guid? RunId { get; set; }
    public string? WorkstreamId { get; set; }
    public int Slots { get; set; }
    public int BusySlots { get; set; }
    public string Host { get; set; } = "";
    public DateTimeOffset LastSeen { get; set; }
}
