using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using Uet.EndToEnd.Tests;

namespace Uet.Gateway.Tests;

/// <summary>What a client of the API does, written once for every backend the gateway runs on.</summary>
public static class RunScenarios
{
    public static string Quickstart => Path.Combine(Plans.RepoRoot(), "examples", "quickstart");

    public static Task<HttpResponseMessage> SubmitAsync(HttpClient http, object body) =>
        http.PostAsync("/api/runs", JsonContent.Create(body));

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>
    /// Submits examples/quickstart as a dry run, follows its stream to the end, and checks what the stream and the
    /// status say: every workstream DONE, the run Completed.
    /// </summary>
    public static async Task DryRunFollowedToCompletionAsync(TestGateway gateway, string repo, string runName)
    {
        var accepted = await JsonAsync(await SubmitAsync(gateway.Http, new { planPath = Quickstart, repo, dryRun = true, runName }), HttpStatusCode.Accepted);
        Assert.Equal(runName, accepted.GetProperty("runName").GetString());
        Assert.Equal(8, accepted.GetProperty("workstreams").GetInt32());
        Assert.Equal($"/api/runs/{runName}/stream", accepted.GetProperty("stream").GetString());

        var events = await ServerSentEvents.ReadAllAsync(gateway.Http, accepted.GetProperty("stream").GetString()!);
        var types = events.Select(e => e.Event).ToList();
        Assert.Contains("SubmitPlan", types);
        Assert.Contains("RunStarted", types);
        Assert.Equal(8, events.Count(e => e.Event == "WorkstreamIntegrated"));
        // The end event comes once; events the run published just before it may be stored just after it.
        Assert.Single(types, "RunCompleted");
        Assert.Equal("end", types[^1]);
        Assert.Single(types, "end");
        Assert.Equal("Completed", events[^1].Json.GetProperty("state").GetString());
        // Every event but the end carries its sequence as the SSE id, increasing, so a reconnect can resume.
        var ids = events.SkipLast(1).Select(e => long.Parse(e.Id!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ids.Order().ToList(), ids);
        var completed = events.Single(e => e.Event == "RunCompleted").Json;
        Assert.Equal(runName, completed.GetProperty("body").GetProperty("runName").GetString());
        Assert.Equal($"uet/{runName}/integration", completed.GetProperty("body").GetProperty("integrationBranch").GetString());

        var status = await JsonAsync(await gateway.Http.GetAsync($"/api/runs/{runName}"), HttpStatusCode.OK);
        Assert.Equal("Completed", status.GetProperty("state").GetString());
        Assert.True(status.GetProperty("dryRun").GetBoolean());
        Assert.Equal(accepted.GetProperty("runId").GetGuid(), status.GetProperty("runId").GetGuid());
        Assert.Equal(8, status.GetProperty("counts").GetProperty("DONE").GetInt32());
        var workstreams = status.GetProperty("workstreams").EnumerateArray().ToList();
        Assert.Equal(8, workstreams.Count);
        Assert.All(workstreams, w =>
        {
            Assert.StartsWith("ws-", w.GetProperty("id").GetString());
            Assert.Equal("DONE", w.GetProperty("state").GetString());
            Assert.Equal(1, w.GetProperty("attempt").GetInt32());
            Assert.Equal(JsonValueKind.Number, w.GetProperty("integratedOrder").ValueKind);
        });

        // A stream opened after the end replays the run and ends at once; one resumed past the end only ends.
        var replay = await ServerSentEvents.ReadAllAsync(gateway.Http, $"/api/runs/{runName}/stream");
        Assert.Equal(types, replay.Select(e => e.Event).ToList());
        var resumed = await ServerSentEvents.ReadAllAsync(gateway.Http, $"/api/runs/{runName}/stream?after={ids[^1]}");
        Assert.Equal(["end"], resumed.Select(e => e.Event));
    }

    /// <summary>A run whose only workstream sleeps is cancelled once it started; the stream ends with the run Cancelled.</summary>
    public static async Task CancelledWhileRunningAsync(TestGateway gateway, string repo, string runName)
    {
        var files = new[]
        {
            new { path = "plan.json", content = (object)new { name = "sleepy", max_workers = 1 } },
            new { path = "ws-sleep.json", content = (object)Plans.Shell("ws-sleep", "sleep.txt", ["sleep 120"]) },
        };
        var accepted = await JsonAsync(await SubmitAsync(gateway.Http, new { files, repo, runName }), HttpStatusCode.Accepted);
        Assert.Equal("sleepy", accepted.GetProperty("planName").GetString());

        var cancelAnswer = new TaskCompletionSource<JsonElement>();
        var events = await ServerSentEvents.ReadAllAsync(gateway.Http, $"/api/runs/{runName}/stream", async e =>
        {
            if (e.Event == "WorkstreamStarted" && !cancelAnswer.Task.IsCompleted)
            {
                var answer = await gateway.Http.PostAsync($"/api/runs/{runName}/cancel", JsonContent.Create(new { reason = "stopped by the test" }));
                cancelAnswer.SetResult(await JsonAsync(answer, HttpStatusCode.Accepted));
            }
        });

        var cancel = await cancelAnswer.Task;
        Assert.Equal("Running", cancel.GetProperty("stateWhenAsked").GetString());
        Assert.Contains(events, e => e.Event == "CancelRun" && e.Json.GetProperty("body").GetProperty("reason").GetString() == "stopped by the test");
        Assert.Single(events, e => e.Event == "RunCancelled");
        Assert.Equal("end", events[^1].Event);
        Assert.Equal("Cancelled", events[^1].Json.GetProperty("state").GetString());

        var status = await JsonAsync(await gateway.Http.GetAsync($"/api/runs/{runName}"), HttpStatusCode.OK);
        Assert.Equal("Cancelled", status.GetProperty("state").GetString());
        Assert.Equal("CANCELLED", status.GetProperty("workstreams")[0].GetProperty("state").GetString());

        var again = await gateway.Http.PostAsync($"/api/runs/{runName}/cancel", null);
        var conflict = await JsonAsync(again, HttpStatusCode.Conflict);
        Assert.Contains("already Cancelled", conflict.GetProperty("error").GetString());
    }
}
