using System.Diagnostics.Metrics;

namespace Uet.Hosting.Telemetry;

/// <summary>
/// The figures of the Metrics service as OpenTelemetry instruments on the <c>Uet</c> meter, recorded where they happen:
/// attempts by the Worker, queue waits and lease expiries by the Scheduler, merges by Integration, cost by Cost.
/// Tags stay low in cardinality (tool, kind, type, model): ids belong in spans and logs, not in metric series.
/// </summary>
public static class UetMetrics
{
    // Seconds, from a quick gate to a workstream of hours.
    private static readonly double[] DurationBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400];

    public static readonly Meter Meter = new(UetDiagnostics.Name, typeof(UetMetrics).Assembly.GetName().Version?.ToString());

    private static readonly Counter<long> Started = Meter.CreateCounter<long>(
        "uet.workstreams.started", "{attempt}", "Workstream attempts a worker started, by workstream kind and tool.");

    private static readonly Counter<long> Succeeded = Meter.CreateCounter<long>(
        "uet.workstreams.succeeded", "{attempt}", "Workstream attempts that succeeded on their worker, by workstream kind and tool.");

    private static readonly Counter<long> Failed = Meter.CreateCounter<long>(
        "uet.workstreams.failed", "{attempt}", "Workstream attempts that failed on their worker, by workstream kind, tool and failure kind.");

    private static readonly Histogram<double> AttemptDuration = Meter.CreateHistogram(
        "uet.attempt.duration", "s", "Time from an attempt's start on a worker to its result, by workstream kind, tool and outcome.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    private static readonly Histogram<double> QueueWait = Meter.CreateHistogram(
        "uet.queue.wait", "s", "Time a workstream waited from READY to its attempt's start.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    private static readonly Counter<long> Gates = Meter.CreateCounter<long>(
        "uet.gates", "{gate}", "Gates and acceptance tests evaluated by workers, by type and result.");

    private static readonly Counter<long> LeaseExpiries = Meter.CreateCounter<long>(
        "uet.lease.expiries", "{attempt}", "Attempts declared lost because their worker sent no heartbeat within the lease.");

    private static readonly Counter<long> Merges = Meter.CreateCounter<long>(
        "uet.merges", "{merge}", "Merges into integration branches, by outcome (integrated, already_integrated, conflict, gate_failed, error).");

    private static readonly Counter<long> MergeConflicts = Meter.CreateCounter<long>(
        "uet.merge.conflicts", "{merge}", "Merges that stopped on a conflict.");

    private static readonly Counter<double> Cost = Meter.CreateCounter<double>(
        "uet.cost.usd", "{USD}", "Priced cost of usage reports in US dollars, by model (unpriced reports count 0).");

    private static readonly Counter<long> Tokens = Meter.CreateCounter<long>(
        "uet.tokens", "{token}", "Tokens in usage reports, by model and type (input, cached_input, output).");

    /// <summary>A worker started an attempt of a workstream of <paramref name="kind"/> (plan field <c>kind</c>) with <paramref name="tool"/>.</summary>
    public static void AttemptStarted(string kind, string tool) =>
        Started.Add(1, new(UetDiagnostics.WorkstreamKindTag, kind), new(UetDiagnostics.ToolTag, tool));

    /// <summary>An attempt's result: <paramref name="failureKind"/> is null when it succeeded.</summary>
    public static void AttemptFinished(string kind, string tool, string? failureKind, TimeSpan duration)
    {
        KeyValuePair<string, object?> kindTag = new(UetDiagnostics.WorkstreamKindTag, kind);
        KeyValuePair<string, object?> toolTag = new(UetDiagnostics.ToolTag, tool);
        if (failureKind is null)
        {
            Succeeded.Add(1, kindTag, toolTag);
        }
        else
        {
            Failed.Add(1, kindTag, toolTag, new(UetDiagnostics.FailureKindTag, failureKind));
        }

        AttemptDuration.Record(
            Math.Max(0, duration.TotalSeconds),
            kindTag,
            toolTag,
            new(UetDiagnostics.OutcomeTag, failureKind is null ? "succeeded" : "failed"));
    }

    public static void GateEvaluated(string type, bool passed, bool required) =>
        Gates.Add(
            1,
            new KeyValuePair<string, object?>(UetDiagnostics.GateTypeTag, type),
            new KeyValuePair<string, object?>(UetDiagnostics.PassedTag, passed),
            new KeyValuePair<string, object?>(UetDiagnostics.RequiredTag, required));

    /// <summary>An attempt started: how long its workstream had been READY (nothing when the saga has no ready time).</summary>
    public static void AttemptStartedAfterWait(DateTimeOffset? readyAt, DateTimeOffset startedAt)
    {
        if (readyAt is { } ready)
        {
            QueueWait.Record(Math.Max(0, (startedAt - ready).TotalSeconds));
        }
    }

    public static void LeaseExpired() => LeaseExpiries.Add(1);

    /// <summary>A merge ended: <paramref name="outcome"/> is one of integrated, already_integrated, conflict, gate_failed, error.</summary>
    public static void Merged(string outcome)
    {
        Merges.Add(1, new KeyValuePair<string, object?>(UetDiagnostics.OutcomeTag, outcome));
        if (outcome == "conflict")
        {
            MergeConflicts.Add(1);
        }
    }

    /// <summary>A usage report counted for the first time (redeliveries are not recorded again).</summary>
    public static void CostRecorded(string model, decimal costUsd, bool priced, long inputTokens, long cachedInputTokens, long outputTokens)
    {
        var modelTag = new KeyValuePair<string, object?>(UetDiagnostics.ModelTag, model);
        Cost.Add((double)costUsd, modelTag, new KeyValuePair<string, object?>(UetDiagnostics.PricedTag, priced));
        AddTokens(modelTag, "input", inputTokens);
        AddTokens(modelTag, "cached_input", cachedInputTokens);
        AddTokens(modelTag, "output", outputTokens);
    }

    private static void AddTokens(KeyValuePair<string, object?> model, string type, long count)
    {
        if (count > 0)
        {
            Tokens.Add(count, model, new KeyValuePair<string, object?>(UetDiagnostics.TokenTypeTag, type));
        }
    }
}
