using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using static Uet.Gateway.Tests.RunScenarios;

namespace Uet.Gateway.Tests;

/// <summary>The API over real HTTP, with every service in the gateway's process on the in-memory bus and SQLite: no infrastructure needed.</summary>
public sealed class GatewayApiTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private HttpClient Http => fixture.Gateway.Http;

    [Fact]
    public Task A_dry_run_of_the_quickstart_is_followed_over_SSE_to_RunCompleted() =>
        DryRunFollowedToCompletionAsync(fixture.Gateway, fixture.Repo.Path, "gw-dry");

    [Fact]
    public Task A_running_run_is_cancelled_and_compensated() =>
        CancelledWhileRunningAsync(fixture.Gateway, fixture.Repo.Path, "gw-cancel");

    [Fact]
    public async Task A_plan_sent_as_files_runs_and_the_run_is_listed_with_its_events_and_report()
    {
        var files = Directory.GetFiles(Quickstart, "*.json").Select(f => new { path = Path.GetFileName(f), content = File.ReadAllText(f) }).ToList();
        var accepted = await JsonAsync(await SubmitAsync(Http, new { files, repo = fixture.Repo.Path, dryRun = true, runName = "gw-files", maxWorkers = 2 }), HttpStatusCode.Accepted);
        Assert.Equal("/api/runs/gw-files", accepted.GetProperty("status").GetString());
        var end = (await ServerSentEvents.ReadAllAsync(Http, "/api/runs/gw-files/stream"))[^1];
        Assert.Equal("Completed", end.Json.GetProperty("state").GetString());

        var runs = await JsonAsync(await Http.GetAsync("/api/runs"), HttpStatusCode.OK);
        var listed = runs.EnumerateArray().Single(r => r.GetProperty("runName").GetString() == "gw-files");
        Assert.Equal(8, listed.GetProperty("done").GetInt32());
        Assert.Equal(2, (await JsonAsync(await Http.GetAsync("/api/runs/gw-files"), HttpStatusCode.OK)).GetProperty("maxWorkers").GetInt32());

        var integrated = await JsonAsync(await Http.GetAsync("/api/runs/gw-files/events?type=WorkstreamIntegrated"), HttpStatusCode.OK);
        Assert.Equal(8, integrated.GetArrayLength());
        Assert.All(integrated.EnumerateArray(), e => Assert.StartsWith("ws-", e.GetProperty("workstream").GetString()));
        var last = await JsonAsync(await Http.GetAsync("/api/runs/gw-files/events?tail=1"), HttpStatusCode.OK);
        Assert.Equal("RunCompleted", last[0].GetProperty("type").GetString());

        var report = await JsonAsync(await Http.GetAsync("/api/runs/gw-files/report"), HttpStatusCode.OK);
        Assert.Equal("Completed", report.GetProperty("run").GetProperty("state").GetString());
        using var html = await Http.GetAsync("/api/runs/gw-files/report?format=html");
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<svg", await html.Content.ReadAsStringAsync());

        var resume = await JsonAsync(await Http.PostAsync("/api/runs/gw-files/resume", null), HttpStatusCode.Conflict);
        Assert.Contains("nothing to resume", resume.GetProperty("error").GetString());
        var again = await JsonAsync(await SubmitAsync(Http, new { files, repo = fixture.Repo.Path, dryRun = true, runName = "gw-files" }), HttpStatusCode.Conflict);
        Assert.Contains("exists already", again.GetProperty("error").GetString());
    }

    [Fact]
    public async Task An_invalid_plan_is_refused_with_the_validators_errors_and_nothing_runs()
    {
        var files = new[]
        {
            new { path = "ws-a.json", content = (object)new { id = "ws-a", tool = "shell", tasks = new[] { "true" }, depends_on = new[] { "ws-missing" } } },
        };
        var error = await JsonAsync(await SubmitAsync(Http, new { files, repo = fixture.Repo.Path, runName = "gw-invalid" }), HttpStatusCode.BadRequest);
        var message = error.GetProperty("error").GetString()!;
        Assert.StartsWith("The plan is invalid", message);
        Assert.Contains("Fix:", message);
        var errors = error.GetProperty("errors").EnumerateArray().ToList();
        Assert.Contains(errors, e => e.GetProperty("file").GetString() == "ws-a.json" && e.GetProperty("field").GetString() == "files_scope"
            && e.GetProperty("fix").GetString()!.Length > 0);
        Assert.Contains(errors, e => e.GetProperty("field").GetString() == "depends_on" && e.GetProperty("message").GetString()!.Contains("ws-missing", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);

        await JsonAsync(await Http.GetAsync("/api/runs/gw-invalid"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Validate_reports_the_analysis_of_a_valid_plan_without_running_it()
    {
        var result = await JsonAsync(await Http.PostAsync("/api/validate", JsonContent.Create(new { planPath = Quickstart })), HttpStatusCode.OK);
        Assert.True(result.GetProperty("valid").GetBoolean());
        Assert.Equal(8, result.GetProperty("workstreams").GetInt32());
        Assert.True(result.GetProperty("analysis").GetProperty("waves").GetArrayLength() > 1);
    }

    [Theory]
    [InlineData("{\"planPath\": \"/nowhere/plan\", \"repo\": \"/tmp\"}", "does not exist")]
    [InlineData("{\"planPath\": \"examples/quickstart\", \"repo\": \"/tmp\"}", "is relative")]
    [InlineData("{\"files\": [{\"path\": \"../x.json\", \"content\": {}}], \"repo\": \"/tmp\"}", "files[0].path '../x.json' is not a plan file name")]
    [InlineData("{\"files\": [{\"path\": \"x.json\"}], \"repo\": \"/tmp\"}", "files[0].content (x.json) is missing")]
    [InlineData("{\"repo\": \"/tmp\"}", "No plan given")]
    [InlineData("{\"planPath\": \"QUICKSTART\"}", "repo is missing")]
    [InlineData("{\"planPath\": \"QUICKSTART\", \"repo\": \"/nowhere/repo\"}", "repo '/nowhere/repo' does not exist")]
    [InlineData("{\"planPath\": \"QUICKSTART\", \"repo\": \"REPO\", \"runName\": \"no spaces\"}", "runName 'no spaces' is not a valid run name")]
    [InlineData("{\"planPath\": \"QUICKSTART\", \"repo\": \"REPO\", \"failurePolicy\": \"sometimes\"}", "use fail-fast")]
    [InlineData("{\"planPath\": \"QUICKSTART\", \"repo\": \"REPO\", \"budgetMode\": \"panic\"}", "use halt")]
    [InlineData("{\"planPath\": \"QUICKSTART\", \"repo\": \"REPO\", \"budgetUsd\": -1}", "budgetUsd -1 is negative")]
    [InlineData("{\"planPath\": \"QUICKSTART\", \"repo\": \"REPO\", \"maxWorkers\": 0}", "maxWorkers 0 is not valid")]
    [InlineData("{\"planPath\": \"QUICKSTART\", \"repo\": \"REPO\", \"baseRef\": \"no-such-branch\"}", "baseRef 'no-such-branch' names no commit")]
    [InlineData("{\"planPath\": \"QUICKSTART\", \"repo\": \"REPO\", \"dryRun\": \"yes\"}", "could not be read at $.dryRun")]
    [InlineData("{\"planPath\": ", "could not be read")]
    [InlineData("", "has no body")]
    public async Task Bad_input_gets_a_400_that_says_how_to_fix_it(string body, string expected)
    {
        body = body.Replace("QUICKSTART", Quickstart, StringComparison.Ordinal).Replace("REPO", fixture.Repo.Path, StringComparison.Ordinal);
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var error = await JsonAsync(await Http.PostAsync("/api/runs", content), HttpStatusCode.BadRequest);
        Assert.Contains(expected, error.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/api/runs/no-such-run")]
    [InlineData("GET", "/api/runs/no-such-run/events")]
    [InlineData("GET", "/api/runs/no-such-run/stream")]
    [InlineData("GET", "/api/runs/no-such-run/report")]
    [InlineData("POST", "/api/runs/no-such-run/cancel")]
    [InlineData("POST", "/api/runs/no-such-run/resume")]
    public async Task An_unknown_run_is_a_404_that_says_where_runs_are_listed(string method, string path)
    {
        var error = await JsonAsync(await Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)), HttpStatusCode.NotFound);
        Assert.Equal("No run named 'no-such-run': GET /api/runs lists the runs (a run is named by its runName or its runId).", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Bad_query_parameters_are_400s()
    {
        var type = await JsonAsync(await Http.GetAsync("/api/events?type=Nonsense"), HttpStatusCode.BadRequest);
        Assert.Contains("use one of SubmitPlan", type.GetProperty("error").GetString());
        var tail = await JsonAsync(await Http.GetAsync("/api/events?tail=abc"), HttpStatusCode.BadRequest);
        Assert.Contains("tail 'abc' is not a whole number", tail.GetProperty("error").GetString());
    }

    [Fact]
    public async Task The_workers_and_the_health_endpoints_answer()
    {
        var workers = await JsonAsync(await Http.GetAsync("/api/workers"), HttpStatusCode.OK);
        var worker = workers.EnumerateArray().Single();
        Assert.Equal("all-in-one", worker.GetProperty("workerId").GetString());
        Assert.True(worker.GetProperty("live").GetBoolean());
        Assert.Equal(4, worker.GetProperty("slots").GetInt32());

        using var ready = await Http.GetAsync("/health/ready");
        var text = await ready.Content.ReadAsStringAsync();
        Assert.True(ready.StatusCode == HttpStatusCode.OK, text);
        Assert.Contains("scheduler-database: Healthy", text);
        Assert.Contains("metrics-database: Healthy", text);
    }

    [Fact]
    public async Task The_dashboard_is_one_self_contained_page_that_uses_the_api()
    {
        using var response = await Http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<title>uet dashboard</title>", html);
        Assert.Contains("/api/runs", html);
        Assert.Contains("new EventSource(", html);
        // Nothing loaded from elsewhere: no external scripts, styles or fonts.
        Assert.DoesNotContain("<script src", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("https://", html);
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
    }
}
