using Uet.Contracts;

namespace Uet.Worker.Execution;

/// <summary>Identifies one attempt of one workstream; the attempt number is the fencing token.</summary>
public readonly record struct AttemptKey(Guid RunId, string WorkstreamId, int Attempt)
{
    public static AttemptKey Of(ExecuteWorkstream message) => new(message.RunId, message.WorkstreamId, message.Attempt);

    public static AttemptKey Of(CancelWorkstream message) => new(message.RunId, message.WorkstreamId, message.Attempt);

    public override string ToString() => $"{WorkstreamId} attempt {Attempt} of run {RunId}";
}
