using Uet.Metrics.Analysis;
using Uet.Metrics.Store;

namespace Uet.Metrics.Reports;

/// <summary>
/// What <c>uet report</c> shows for one run: its metrics, computed from the run's stored events. The renderers
/// (<see cref="TextReportRenderer"/>, <see cref="JsonReportRenderer"/>, <see cref="HtmlReportRenderer"/>) only format it.
/// </summary>
public sealed record RunReport(RunMetrics Metrics)
{
    /// <summary>Builds the report from a run's events as <see cref="EventQueries.ForRunAsync"/> returns them.</summary>
    public static RunReport FromEvents(IEnumerable<RecordedEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        return new RunReport(RunMetricsCalculator.Calculate(events.Select(e => e.ToRunEvent()).ToList()));
    }

    /// <summary>Reads a run's events and builds its report; null when the store holds no event of that run.</summary>
    public static async Task<RunReport?> LoadAsync(EventQueries queries, Guid runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queries);
        var events = await queries.ForRunAsync(runId, cancellationToken);
        return events.Count == 0 ? null : FromEvents(events);
    }
}
