using System.Text.Json;

using Uet.Metrics.Reports;
using Uet.Metrics.Store;

namespace Uet.Gateway.Api;

/// <summary>
/// One stored event as the API returns it (and as an SSE <c>data:</c> line): the store's columns, a one-line summary
/// (as <c>uet events</c> prints it), and the message body as JSON.
/// </summary>
public sealed record EventView(
    long Sequence,
    Guid MessageId,
    DateTimeOffset Time,
    Guid? RunId,
    string Type,
    string? Workstream,
    int? Attempt,
    string Summary,
    JsonElement Body)
{
    public static EventView From(RecordedEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        using var body = JsonDocument.Parse(e.Body);
        return new EventView(e.Sequence, e.MessageId, e.Time, e.RunId, e.Type, e.WorkstreamId, e.Attempt, Summarise(e), body.RootElement.Clone());
    }

    private static string Summarise(RecordedEvent e)
    {
        var text = EventSummary.Describe(e.Message());
        return string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).TrimEnd();
    }
}
