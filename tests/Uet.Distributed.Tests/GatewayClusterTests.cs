using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

using Uet.Distributed.Tests.Infrastructure;
using Uet.EndToEnd.Tests;
using Uet.Gateway.Tests;

namespace Uet.Distributed.Tests;

/// <summary>
/// The gateway as a cluster's front door: its own process on RabbitMQ and PostgreSQL beside the other services. A run
/// submitted over HTTP is carried out by the cluster and followed over SSE; a cancel over HTTP stops a running one.
/// </summary>
public sealed class GatewayClusterTests : IAsyncLifetime
{
    private TempRepository _repo = null!;
    private TestCluster? _cluster;
    private ServiceProcess? _gateway;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(3) };

    public async Task InitializeAsync() => _repo = await TempRepository.CreateAsync();

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.StopAsync(TimeSpan.FromSeconds(20));
        }
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
        _http.Dispose();
        await _repo.DisposeAsync();
    }

    [ClusterFact]
    public async Task A_run_submitted_to_the_gateway_is_run_by_the_cluster_and_followed_over_SSE()
    {
        _cluster = await TestCluster.StartAsync(workers: 1);
        _gateway = new ServiceProcess(
            "gateway",
            Path.Combine(AppContext.BaseDirectory, "Uet.Gateway.dll"),
            new Dictionary<string, string>
            {
                ["UET_RABBITMQ"] = _cluster.RabbitMq,
                ["UET_POSTGRES"] = _cluster.Postgres,
                ["UET_DATA_DIR"] = Path.Combine(_cluster.Root, "gateway"),
                ["UET_LOG"] = "Information",
                ["DOTNET_NOLOGO"] = "1",
            },
            Path.Combine(_cluster.Root, "gateway.log"),
            $"http://127.0.0.1:{FreePort()}");
        _gateway.Start();
        using (var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) })
        {
            await _gateway.WaitReadyAsync(probe, TimeSpan.FromMinutes(2));
        }

        _http.BaseAddress = new Uri(_gateway.HealthUrl);

        // A dry run of the quickstart, from the plan folder on the gateway's machine.
        var quickstart = Path.Combine(Plans.RepoRoot(), "examples", "quickstart");
        using var submitted = await _http.PostAsync("/api/runs", JsonContent.Create(new { planPath = quickstart, repo = _repo.Path, dryRun = true, runName = "gw-cluster" }));
        Assert.True(submitted.StatusCode == HttpStatusCode.Accepted, await submitted.Content.ReadAsStringAsync() + Logs());
        var events = await ServerSentEvents.ReadAllAsync(_http, "/api/runs/gw-cluster/stream");
        Assert.True(events[^1].Event == "end" && events[^1].Json.GetProperty("state").GetString() == "Completed", string.Join(", ", events.Select(e => e.Event)) + Logs());
        Assert.Equal(8, events.Count(e => e.Event == "WorkstreamIntegrated"));

        using var status = JsonDocument.Parse(await _http.GetStringAsync("/api/runs/gw-cluster"));
        Assert.All(status.RootElement.GetProperty("workstreams").EnumerateArray(), w => Assert.Equal("worker-1", w.GetProperty("workerId").GetString()));
        using var workers = JsonDocument.Parse(await _http.GetStringAsync("/api/workers"));
        Assert.Equal("worker-1", workers.RootElement.EnumerateArray().Single().GetProperty("workerId").GetString());

        // A real run whose workstream sleeps, cancelled over HTTP once a worker started it.
        var files = new[] { new { path = "ws-sleep.json", content = (object)Plans.Shell("ws-sleep", "sleep.txt", ["sleep 120"]) } };
        using var sleepy = await _http.PostAsync("/api/runs", JsonContent.Create(new { files, repo = _repo.Path, runName = "gw-cluster-cancel" }));
        Assert.True(sleepy.StatusCode == HttpStatusCode.Accepted, await sleepy.Content.ReadAsStringAsync());
        var cancelled = false;
        var stream = await ServerSentEvents.ReadAllAsync(_http, "/api/runs/gw-cluster-cancel/stream", async e =>
        {
            if (e.Event == "WorkstreamStarted" && !cancelled)
            {
                cancelled = true;
                using var answer = await _http.PostAsync("/api/runs/gw-cluster-cancel/cancel", JsonContent.Create(new { reason = "cluster test" }));
                Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
            }
        });
        Assert.True(cancelled, "the workstream never started: " + string.Join(", ", stream.Select(e => e.Event)) + Logs());
        Assert.Equal("Cancelled", stream[^1].Json.GetProperty("state").GetString());
    }

    private string Logs() => "\n" + _cluster?.Logs() + $"\n---- gateway\n{_gateway?.Tail(20)}";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
