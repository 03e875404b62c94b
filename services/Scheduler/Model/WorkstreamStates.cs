namespace Uet.Scheduler.Model;

/// <summary>Per-workstream states inside the run saga (DESIGN.md §3), spelled as the CLI and events show them.</summary>
public static class WorkstreamStates
{
    public const string Pending = "PENDING";
    public const string Ready = "READY";
    public const string Running = "RUNNING";
    public const string Succeeded = "SUCCEEDED";
    public const string Integrating = "INTEGRATING";
    public const string Done = "DONE";
    public const string Failed = "FAILED";
    public const string Cancelled = "CANCELLED";
    public const string Skipped = "SKIPPED";

    public static readonly IReadOnlyList<string> All = [Pending, Ready, Running, Succeeded, Integrating, Done, Failed, Cancelled, Skipped];
}
