using Microsoft.Extensions.Time.Testing;

using Uet.Contracts;

using static Uet.Worker.Tests.Messages;

namespace Uet.Worker.Tests;

public sealed class HeartbeatTests
{
    [Fact]
    public async Task A_running_attempt_sends_a_heartbeat_every_interval_and_none_after_it_ends()
    {
        var start = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var time = new FakeTimeProvider(start);
        await using var h = await ExecutorHarness.CreateAsync(time: time);
        var fifo = Fifo.Create(h.Repo.Root, "go");
        var message = Execute(h.Repo, Spec("ws-hb", [fifo.WaitTask, "echo done > src/done.txt"]));

        var running = h.RunAsync(message);
        await Poll.UntilAsync(() => File.Exists(h.Executor.LogPath(message)) && File.ReadAllText(h.Executor.LogPath(message)).Contains("task 1/2"), "the tool to start");
        time.Advance(h.Options.HeartbeatInterval);
        await h.Events.WaitForAsync<WorkstreamHeartbeat>();
        time.Advance(h.Options.HeartbeatInterval);
        await Poll.UntilAsync(() => h.Events.Of<WorkstreamHeartbeat>().Count == 2, "a second heartbeat");
        await fifo.Release();
        var outcome = await running;
        time.Advance(TimeSpan.FromMinutes(1));

        var succeeded = outcome.ShouldSucceed();
        Assert.Equal(start, succeeded.StartedAt);
        Assert.Equal(start.AddSeconds(10), succeeded.FinishedAt);
        var beats = h.Events.Of<WorkstreamHeartbeat>();
        Assert.Equal([start.AddSeconds(5), start.AddSeconds(10)], beats.Select(b => b.At));
        Assert.All(beats, b => Assert.Equal((RunId, "ws-hb", 1, "test-worker"), (b.RunId, b.WorkstreamId, b.Attempt, b.WorkerId)));
        Assert.IsType<WorkstreamSucceeded>(h.Events.All[^1]);
    }
}
