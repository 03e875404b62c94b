namespace Uet.Scheduler.Saga;

/// <summary>Run saga state names (DESIGN.md §3); the saga row's CurrentState holds one of them.</summary>
public static class RunPhases
{
    public const string Validating = "Validating";
    public const string Running = "Running";
    public const string Failing = "Failing";
    public const string Compensating = "Compensating";
    public const string Completed = "Completed";
    public const string Failed = "Failed";
    public const string Cancelling = "Cancelling";
    public const string Cancelled = "Cancelled";
    public const string Halted = "Halted";
    public const string Rejected = "Rejected";

    /// <summary>States a run does not leave without a ResumeRun (or never, for Completed and Rejected).</summary>
    public static bool IsResting(string? phase) => phase is Completed or Failed or Cancelled or Halted or Rejected;
}
