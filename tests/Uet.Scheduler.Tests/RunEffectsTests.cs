using Uet.Contracts;
using Uet.Scheduler.Saga;

namespace Uet.Scheduler.Tests;

public sealed class RunEffectsTests
{
    [Fact]
    public void Commands_go_out_before_the_events_of_the_same_decision_and_each_keep_their_order()
    {
        var runId = Guid.NewGuid();
        var at = DateTimeOffset.UnixEpoch;
        var fx = new RunEffects(at);
        var done = new WorkstreamStateChanged(runId, "a", 1, "DONE", null, at);
        var ready = new WorkstreamStateChanged(runId, "b", 0, "READY", null, at);
        var cancel = new CancelWorkstream(runId, "c", 1, "superseded");
        var completed = new RunCompleted(runId, "r", "uet/r/integration", "abc", at);
        var revert = new RevertIntegration(runId, "r", "/repo", "uet/r/integration", "base", [], DryRun: false, StateDir: null);

        fx.Publish(done);
        fx.Publish(cancel);
        fx.Publish(ready);
        fx.Publish(completed);
        fx.Publish(revert);

        Assert.Equal([cancel, revert, done, ready, completed], fx.MessagesInSendOrder());
        Assert.True(fx.Changed);
    }
}
