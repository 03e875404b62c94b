using Microsoft.Extensions.Time.Testing;

using Uet.Cli.Output;
using Uet.Cli.Progress;
using Uet.Scheduler.Queries;

namespace Uet.Cli.Tests;

/// <summary>The live view of a run hosted in this process reads the final state as soon as the run's end is seen.</summary>
public sealed class RunRendererWakeTests
{
    // Time never moves: only the wake can end a wait, so a view that ignored it would never see the end.
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task A_view_polls_at_once_when_woken_by_the_run_s_end_not_at_its_next_interval()
    {
        var state = "Running";
        var loads = 0;
        var wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var renderer = new RunRenderer(new PlainConsole(TextWriter.Null, TextWriter.Null), _time);

        var follow = renderer.FollowAsync(
            _ => { loads++; return Task.FromResult<RunDetails?>(Run(state)); },
            TimeSpan.FromHours(1),
            CancellationToken.None,
            wake: wake.Task);
        Assert.False(follow.IsCompleted);
        Assert.Equal(1, loads);

        state = "Completed";
        wake.SetResult();
        var final = await follow.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("Completed", final?.State);
        Assert.Equal(2, loads);
    }

    [Fact]
    public async Task Without_a_wake_a_view_waits_for_its_interval()
    {
        var state = "Running";
        var renderer = new RunRenderer(new PlainConsole(TextWriter.Null, TextWriter.Null), _time);

        var follow = renderer.FollowAsync(_ => Task.FromResult<RunDetails?>(Run(state)), TimeSpan.FromSeconds(1), CancellationToken.None);
        state = "Completed";
        Assert.False(follow.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(1));
        var final = await follow.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("Completed", final?.State);
    }

    private static RunDetails Run(string state) => new(
        Guid.Empty, "r", state, null, null, null, null, false, null, 1, "fail-fast", null, true,
        DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, new Dictionary<string, int>(), []);
}
