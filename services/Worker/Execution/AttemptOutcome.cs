using Uet.Contracts;

namespace Uet.Worker.Execution;

/// <summary>The event an attempt ended with: exactly one of the two is set.</summary>
public sealed record AttemptOutcome(WorkstreamSucceeded? Succeeded, WorkstreamFailed? Failed)
{
    public object Event => (object?)Succeeded ?? Failed!;
}

/// <summary>Why the steps after the tool stopped an attempt, before it is stamped with times and worker id.</summary>
internal sealed record StepFailure(FailureKind Kind, string Reason, IReadOnlyList<string> Files)
{
    public StepFailure(FailureKind kind, string reason)
        : this(kind, reason, [])
    {
    }
}
