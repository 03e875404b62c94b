using System.Text;
using System.Text.Json;

using CliWrap;
using CliWrap.Buffered;

using Uet.Distributed.Tests.Infrastructure;
using Uet.EndToEnd.Tests;

namespace Uet.Distributed.Tests;

/// <summary>`uet run` submitting to a cluster of separate processes on RabbitMQ and PostgreSQL, and the cluster surviving kill -9.</summary>
public sealed class ClusterRunTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);
    private TempRepository _repo = null!;
    private TestCluster? _cluster;

    public async Task InitializeAsync() => _repo = await TempRepository.CreateAsync();

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        await _repo.DisposeAsync();
    }

    [ClusterFact]
    public async Task A_plan_runs_across_separate_processes_and_three_workers_share_it()
    {
        _cluster = await TestCluster.StartAsync(workers: 3);
        var plan = _repo.WritePlan("plan", new Dictionary<string, string>
        {
            ["w.json"] = Plans.Json(new[]
            {
                Plans.Shell("ws-a", "a.txt", ["echo a > a.txt", "sleep 1"]),
                Plans.Shell("ws-b", "b.txt", ["echo b > b.txt", "sleep 1"]),
                Plans.Shell("ws-c", "c.txt", ["echo c > c.txt", "sleep 1"]),
                Plans.Shell("ws-d", "d.txt", ["echo d > d.txt", "sleep 1"], ["ws-a", "ws-b"]),
                Plans.Shell("ws-e", "e.txt", ["echo e > e.txt", "sleep 1"], ["ws-c"]),
                Plans.Shell("ws-f", "f.txt", ["echo f > f.txt"], ["ws-d", "ws-e"]),
            }),
        });

        var result = await Uet("run", plan, "--run-id", "spread", "--max-workers", "3");

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError + _cluster.Logs());
        foreach (var id in "abcdef")
        {
            Assert.Equal($"{id}\n", await _repo.ShowAsync("uet/spread/integration", $"{id}.txt"));
        }

        await AssertIntegratedOnceAsync("spread", ["ws-a", "ws-b", "ws-c", "ws-d", "ws-e", "ws-f"]);
        var workers = (await StatusAsync("spread")).GetProperty("workstreams").EnumerateArray()
            .Select(w => w.GetProperty("workerId").GetString()).Distinct().ToList();
        Assert.True(workers.Count >= 2, "only " + string.Join(", ", workers) + " did the work");

        // Worker states arrive as messages of their own: the last IDLE may still be on its way when the run ends.
        var live = await UetProcess.PollAsync(
            () => WorkersAsync(), ws => ws.Count == 3 && ws.All(w => w.GetProperty("state").GetString() == "IDLE"), Deadline, "three IDLE workers");
        Assert.Equal(["worker-1", "worker-2", "worker-3"], live.Select(w => w.GetProperty("workerId").GetString()));

        // SIGTERM: the replica drains and says so (its TERMINATED may arrive after the process is gone); it is no longer live.
        await _cluster["worker-3"].StopAsync(TimeSpan.FromSeconds(30));
        var stopped = await UetProcess.PollAsync(
            async () => (await WorkersAsync("--all")).Single(w => w.GetProperty("workerId").GetString() == "worker-3"),
            w => w.GetProperty("state").GetString() == "TERMINATED", Deadline, "worker-3 TERMINATED");
        Assert.Equal("TERMINATED", stopped.GetProperty("state").GetString());
        Assert.DoesNotContain(await WorkersAsync(), w => w.GetProperty("workerId").GetString() == "worker-3");
    }

    private async Task<List<JsonElement>> WorkersAsync(params string[] extra)
    {
        var result = await Uet(["workers", "--output", "json", .. extra]);
        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        return JsonDocument.Parse(result.StandardOutput).RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    [ClusterFact]
    public async Task A_worker_killed_in_the_middle_of_a_workstream_is_replaced_after_its_lease()
    {
        _cluster = await TestCluster.StartAsync(workers: 2, leaseSeconds: 4);
        var started = Path.Combine(_repo.Root, "slow-started");
        var hold = Path.Combine(_repo.Root, "hold");
        File.WriteAllText(hold, "");
        var plan = _repo.WritePlan("plan", new Dictionary<string, string>
        {
            ["w.json"] = Plans.Json(new[]
            {
                Plans.Shell("ws-slow", "slow.txt", [$"echo $$ >> '{started}'", $"while [ -e '{hold}' ]; do sleep 0.1; done", "echo slow > slow.txt"]),
                Plans.Shell("ws-next", "next.txt", ["echo next > next.txt"], ["ws-slow"]),
            }),
        });

        var output = new StringBuilder();
        var run = Client("run", plan, "--run-id", "lease", "--max-workers", "2")
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(output)).WithStandardErrorPipe(PipeTarget.ToStringBuilder(output))
            .ExecuteAsync();
        var status = await UetProcess.PollAsync(
            () => TryStatusAsync("lease"),
            s => StateOf(s, "ws-slow") == "RUNNING" && File.Exists(started),
            Deadline,
            "ws-slow running");
        var victim = Workstream(status!.Value, "ws-slow").GetProperty("workerId").GetString()!;
        _cluster[victim].Kill();

        // The next attempt starts on the other worker once the lease ran out; only then may the tool finish.
        await UetProcess.PollAsync(() => Task.FromResult(File.ReadAllLines(started).Length), n => n >= 2 || run.Task.IsCompleted, Deadline, "ws-slow's second attempt to start");
        File.Delete(hold);
        var result = await run;

        Assert.True(result.ExitCode == 0, output + _cluster.Logs());
        Assert.Equal("slow\n", await _repo.ShowAsync("uet/lease/integration", "slow.txt"));
        var slow = Workstream(await StatusAsync("lease"), "ws-slow");
        Assert.Equal(2, slow.GetProperty("attempt").GetInt32());
        Assert.NotEqual(victim, slow.GetProperty("workerId").GetString());
        Assert.Equal(0, slow.GetProperty("failures").GetInt32());
        await AssertIntegratedOnceAsync("lease", ["ws-slow", "ws-next"]);
    }

    [ClusterFact]
    public async Task The_scheduler_killed_and_restarted_in_the_middle_of_a_run_finishes_it()
    {
        _cluster = await TestCluster.StartAsync(workers: 2);
        var ids = Enumerable.Range(1, 6).Select(i => $"ws-{i}").ToList();
        var plan = _repo.WritePlan("plan", new Dictionary<string, string>
        {
            ["w.json"] = Plans.Json(ids.Select((id, i) =>
                Plans.Shell(id, $"{id}.txt", [$"echo {id} > {id}.txt", "sleep 0.5"], i == 0 ? [] : [ids[i - 1]])).ToArray()),
        });

        var output = new StringBuilder();
        var run = Client("run", plan, "--run-id", "restart", "--max-workers", "2")
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(output)).WithStandardErrorPipe(PipeTarget.ToStringBuilder(output))
            .ExecuteAsync();
        await UetProcess.PollAsync(
            () => TryStatusAsync("restart"),
            s => StateOf(s, "ws-2") is "RUNNING" or "SUCCEEDED" or "INTEGRATING" or "DONE",
            Deadline,
            "the chain to reach ws-2");
        _cluster["scheduler"].Kill();
        await _cluster.StartAsync("scheduler");

        var result = await run;

        Assert.True(result.ExitCode == 0, output + _cluster.Logs());
        Assert.Equal("ws-6\n", await _repo.ShowAsync("uet/restart/integration", "ws-6.txt"));
        await AssertIntegratedOnceAsync("restart", ids);
    }

    [BrokerControlFact]
    public async Task A_broker_restarted_in_the_middle_of_a_run_is_reconnected_to_and_the_run_completes()
    {
        _cluster = await TestCluster.StartAsync(workers: 2);
        var ids = Enumerable.Range(1, 6).Select(i => $"ws-{i}").ToList();
        var plan = _repo.WritePlan("plan", new Dictionary<string, string>
        {
            ["w.json"] = Plans.Json(ids.Select((id, i) =>
                Plans.Shell(id, $"{id}.txt", [$"echo {id} > {id}.txt", "sleep 0.5"], i == 0 ? [] : [ids[i - 1]])).ToArray()),
        });

        var output = new StringBuilder();
        var run = Client("run", plan, "--run-id", "broker", "--max-workers", "2")
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(output)).WithStandardErrorPipe(PipeTarget.ToStringBuilder(output))
            .ExecuteAsync();
        await UetProcess.PollAsync(
            () => TryStatusAsync("broker"),
            s => StateOf(s, "ws-2") is "RUNNING" or "SUCCEEDED" or "INTEGRATING" or "DONE",
            Deadline,
            "the chain to reach ws-2");
        await RabbitMqCtlAsync("stop_app");
        await RabbitMqCtlAsync("start_app");

        var result = await run;

        Assert.True(result.ExitCode == 0, output + _cluster.Logs());
        Assert.Equal("ws-6\n", await _repo.ShowAsync("uet/broker/integration", "ws-6.txt"));
        await AssertIntegratedOnceAsync("broker", ids);
    }

    [PostgresOutageFact]
    public async Task PostgreSQL_stopped_for_ten_seconds_in_the_middle_of_a_run_is_waited_out_and_the_run_completes()
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        _cluster = await TestCluster.StartAsync(workers: 2, leaseSeconds: 30, postgresServer: postgres.ConnectionString);
        var ids = Enumerable.Range(1, 6).Select(i => $"ws-{i}").ToList();
        var plan = _repo.WritePlan("plan", new Dictionary<string, string>
        {
            ["w.json"] = Plans.Json(ids.Select((id, i) =>
                Plans.Shell(id, $"{id}.txt", [$"echo {id} > {id}.txt", "sleep 0.5"], i == 0 ? [] : [ids[i - 1]])).ToArray()),
        });

        var output = new StringBuilder();
        var run = Client("run", plan, "--run-id", "outage", "--max-workers", "2")
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(output)).WithStandardErrorPipe(PipeTarget.ToStringBuilder(output))
            .ExecuteAsync();
        await UetProcess.PollAsync(
            () => TryStatusAsync("outage"),
            s => StateOf(s, "ws-2") is "RUNNING" or "SUCCEEDED" or "INTEGRATING" or "DONE",
            Deadline,
            "the chain to reach ws-2");

        // The fault itself: the database is away for ten seconds while work goes on.
        await postgres.StopServerAsync();
        await Task.Delay(TimeSpan.FromSeconds(10));
        await postgres.StartServerAsync();

        var result = await run;

        Assert.True(result.ExitCode == 0, output + _cluster.Logs());
        Assert.Equal("ws-6\n", await _repo.ShowAsync("uet/outage/integration", "ws-6.txt"));
        await AssertIntegratedOnceAsync("outage", ids);
    }

    private static async Task RabbitMqCtlAsync(string command)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var result = await BrokerControl.RabbitMqCtl(command).WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(Encoding.UTF8, timeout.Token);
        Assert.True(result.ExitCode == 0, $"rabbitmqctl {command}: {result.StandardOutput}{result.StandardError}");
    }

    private Command Client(params string[] args) => UetProcess.Command(_repo.Path, [.. args, .. _cluster!.ClientArgs]);

    private async Task<BufferedCommandResult> Uet(params string[] args)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        return await Client(args).ExecuteBufferedAsync(Encoding.UTF8, timeout.Token);
    }

    private async Task<JsonElement?> TryStatusAsync(string run)
    {
        var result = await Uet("status", run, "--output", "json");
        return result.ExitCode == 0 ? JsonDocument.Parse(result.StandardOutput).RootElement.GetProperty("run").Clone() : null;
    }

    private async Task<JsonElement> StatusAsync(string run) =>
        await TryStatusAsync(run) ?? throw new InvalidOperationException("no status for " + run);

    private static JsonElement Workstream(JsonElement run, string id) =>
        run.GetProperty("workstreams").EnumerateArray().Single(w => w.GetProperty("id").GetString() == id);

    /// <summary>The workstream's state, or null before the plan was accepted (the run has no workstreams yet).</summary>
    private static string? StateOf(JsonElement? run, string id) =>
        run?.GetProperty("workstreams").EnumerateArray().Where(w => w.GetProperty("id").GetString() == id)
            .Select(w => w.GetProperty("state").GetString()).FirstOrDefault();

    /// <summary>Exactly one merge commit per workstream on the integration branch: nothing lost, nothing twice.</summary>
    private async Task AssertIntegratedOnceAsync(string run, IReadOnlyList<string> ids)
    {
        var subjects = await _repo.LogSubjectsAsync($"uet/{run}/integration");
        foreach (var id in ids)
        {
            Assert.Single(subjects, s => s.StartsWith($"uet: integrate {id} ", StringComparison.Ordinal));
        }
    }
}
