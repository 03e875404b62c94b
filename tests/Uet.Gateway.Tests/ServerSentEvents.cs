using System.Text;
using System.Text.Json;

namespace Uet.Gateway.Tests;

/// <summary>One event of a text/event-stream, as a browser's EventSource would see it.</summary>
public sealed record ServerSentEvent(string? Id, string Event, string Data)
{
    public JsonElement Json => JsonDocument.Parse(Data).RootElement;
}

/// <summary>A minimal SSE reader (the wire format of the HTML standard: fields, blank line ends an event).</summary>
public static class ServerSentEvents
{
    /// <summary>Reads events until the server closes the stream; <paramref name="onEvent"/> sees each as it arrives.</summary>
    public static async Task<List<ServerSentEvent>> ReadAllAsync(HttpClient http, string path, Func<ServerSentEvent, Task>? onEvent = null, TimeSpan? deadline = null)
    {
        using var timeout = new CancellationTokenSource(deadline ?? TimeSpan.FromMinutes(2));
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
        using var reader = new StreamReader(body, Encoding.UTF8);
        var events = new List<ServerSentEvent>();
        string? id = null, type = null;
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    var e = new ServerSentEvent(id, type ?? "message", data.ToString().TrimEnd('\n'));
                    events.Add(e);
                    if (onEvent is not null)
                    {
                        await onEvent(e);
                    }
                }
                id = null;
                type = null;
                data.Clear();
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Append(line[6..]).Append('\n');
            }
        }
        return events;
    }
}
