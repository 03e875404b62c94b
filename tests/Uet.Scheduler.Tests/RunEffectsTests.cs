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

        var messages = fx.MessagesInSendOrder();

        Assert.Equal([cancel, revert], messages.Take(2));
        Assert.Equal([done, ready], Assert.IsType<WorkstreamStatesChanged>(messages[2]).Changes);
        Assert.Equal(completed, messages[3]);
        Assert.Equal(4, messages.Count);
        Assert.True(fx.Changed);
    }

    [Fact]
    public void A_decision_s_state_changes_go_out_as_one_message_in_the_place_of_the_first()
    {
        var runId = Guid.NewGuid();
        var at = DateTimeOffset.UnixEpoch;
        var fx = new RunEffects(at);
        var started = new RunStarted(runId, "r", 2, at);
        var done = new WorkstreamStateChanged(runId, "a", 1, "DONE", null, at);
        var completed = new RunCompleted(runId, "r", "uet/r/integration", "abc", at);
        var ready = new WorkstreamStateChanged(runId, "b", 0, "READY", "dependencies done", at);
        var dispatched = new WorkstreamStateChanged(runId, "b", 1, "READY", "dispatched", at);

        fx.Publish(started);
        fx.Publish(done);
        fx.Publish(completed);
        fx.Publish(ready);
        fx.Publish(dispatched);
        var messages = fx.MessagesInSendOrder();

        Assert.Equal(3, messages.Count);
        Assert.Equal(started, messages[0]);
        var envelope = Assert.IsType<WorkstreamStatesChanged>(messages[1]);
        Assert.Equal(runId, envelope.RunId);
        Assert.Equal([done, ready, dispatched], envelope.Changes);
        Assert.Equal(completed, messages[2]);
    }

    [Fact]
    public void A_decision_without_state_changes_sends_no_envelope()
    {
        var runId = Guid.NewGuid();
        var fx = new RunEffects(DateTimeOffset.UnixEpoch);
        var started = new RunStarted(runId, "r", 1, DateTimeOffset.UnixEpoch);

        fx.Publish(started);

        Assert.Equal([started], fx.MessagesInSendOrder());
    }
}
