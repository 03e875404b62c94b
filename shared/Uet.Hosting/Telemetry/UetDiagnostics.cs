using System.Diagnostics;

namespace Uet.Hosting.Telemetry;

/// <summary>
/// Our own spans, beside MassTransit's: a run (started by the client that submits it), a worker's attempt, the tool
/// run and each gate inside it, a merge. MassTransit carries the trace context in message headers, so every span a
/// run causes, in any service, is in the trace of its <c>uet run</c> span (or of the first message, without one).
/// </summary>
public static class UetDiagnostics
{
    /// <summary>Name of the ActivitySource and of the Meter.</summary>
    public const string Name = "Uet";

    public const string RunIdTag = "uet.run_id";
    public const string RunNameTag = "uet.run_name";
    public const string WorkstreamIdTag = "uet.workstream_id";
    public const string AttemptTag = "uet.attempt";
    public const string ToolTag = "uet.tool";
    public const string WorkstreamKindTag = "uet.workstream_kind";
    public const string WorkerIdTag = "uet.worker_id";
    public const string GateTypeTag = "uet.gate_type";
    public const string PassedTag = "uet.passed";
    public const string RequiredTag = "uet.required";
    public const string OutcomeTag = "uet.outcome";
    public const string FailureKindTag = "uet.failure_kind";
    public const string ModelTag = "uet.model";
    public const string PricedTag = "uet.priced";
    public const string TokenTypeTag = "uet.token_type";

    public const string AttemptSpan = "uet attempt";
    public const string ToolSpan = "uet tool";
    public const string GateSpan = "uet gate";
    public const string MergeSpan = "uet merge";

    public static readonly ActivitySource Source = new(Name, typeof(UetDiagnostics).Assembly.GetName().Version?.ToString());

    /// <summary>The root of a run's trace: <c>uet run &lt;name&gt;</c>, current while the client submits and follows the run. Null when nobody listens.</summary>
    public static Activity? StartRun(string runName, Guid runId) =>
        Source.StartActivity($"uet run {runName}", ActivityKind.Client)
            ?.SetTag(RunIdTag, runId.ToString("D"))
            .SetTag(RunNameTag, runName);

    /// <summary>A span about one attempt of one workstream, a child of the current activity (the message that caused it).</summary>
    public static Activity? StartWorkstreamSpan(string name, Guid runId, string runName, string workstreamId, int attempt) =>
        Source.StartActivity(name, ActivityKind.Internal)
            ?.SetTag(RunIdTag, runId.ToString("D"))
            .SetTag(RunNameTag, runName)
            .SetTag(WorkstreamIdTag, workstreamId)
            .SetTag(AttemptTag, attempt);

    /// <summary>Marks the span failed with a short reason (the tags say what, the status says whether).</summary>
    public static void Fail(this Activity? activity, string reason) => activity?.SetStatus(ActivityStatusCode.Error, reason);

    /// <summary>Marks the span failed because of an exception, recorded as an event.</summary>
    public static void Fail(this Activity? activity, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        activity?.AddException(exception).SetStatus(ActivityStatusCode.Error, exception.Message);
    }
}
