using Uet.Scheduler.Queries;

namespace Uet.Cli.Progress;

internal static class RunDetailsExtensions
{
    public static readonly IReadOnlySet<string> FinalStates =
        new HashSet<string>(StringComparer.Ordinal) { "Completed", "Failed", "Cancelled", "Halted", "Rejected" };

    public static bool IsFinal(this RunDetails run) => FinalStates.Contains(run.State);

    public static int Count(this RunDetails run, string workstreamState) => run.Counts.GetValueOrDefault(workstreamState);
}
