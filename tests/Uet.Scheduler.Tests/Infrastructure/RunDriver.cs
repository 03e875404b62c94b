using Uet.Contracts;
using Uet.Contracts.Plans;
using Uet.Scheduler.Model;

namespace Uet.Scheduler.Tests.Infrastructure;

/// <summary>
/// Plays the Planner, the Workers and the Integration service for one run, message by message, so a test
/// reads like the conversation it checks. Commits and heads are named after the workstream and attempt.
/// </summary>
internal sealed class RunDriver(SchedulerTestHost host, string runName)
{
    public const string BaseCommit = "base0";

    public SchedulerTestHost Host { get; set; } = host;
    public string RunName { get; } = runName;
    public Guid RunId { get; } = Naming.RunIdFor(runName + "-" + Guid.NewGuid().ToString("N"));
    public MessageRecorder Messages => Host.Messages;

    public static string CommitOf(string id, int attempt) => $"{id}-commit-{attempt}";

    public static string HeadAfter(string id, int attempt) => $"head-after-{id}-{attempt}";

    public Task<RunState> State() => Host.Load(RunId);

    /// <summary>SubmitPlan, PlanAccepted, then the integration branch is prepared at <see cref="BaseCommit"/>.</summary>
    public async Task StartAsync(PlanDocument plan, RunOptions options)
    {
        await SubmitAsync(options);
        await AcceptAsync(plan, options);
        await PrepareAsync();
    }

    public Task SubmitAsync(RunOptions options) =>
        Host.Publish(new SubmitPlan(RunId, "test-plan", [], options, DateTimeOffset.UtcNow));

    public Task AcceptAsync(PlanDocument plan, RunOptions options) =>
        Host.Publish(new PlanAccepted(RunId, plan, new PlanAnalysis(), options, [], DateTimeOffset.UtcNow));

    public async Task PrepareAsync()
    {
        var prepare = await Messages.WaitForOne<PrepareIntegration>(m => m.RunId == RunId);
        await Host.Publish(new IntegrationPrepared(RunId, prepare.IntegrationBranch, BaseCommit, BaseCommit));
    }

    public Task<ExecuteWorkstream> Dispatched(string id, int attempt = 1) =>
        Messages.WaitForOne<ExecuteWorkstream>(m => m.RunId == RunId && m.WorkstreamId == id && m.Attempt == attempt);

    public IReadOnlyList<ExecuteWorkstream> AllDispatches() => Messages.All<ExecuteWorkstream>(m => m.RunId == RunId);

    public Task StartedAsync(string id, int attempt = 1) =>
        Host.Publish(new WorkstreamStarted(RunId, id, attempt, "worker-1", DateTimeOffset.UtcNow));

    public Task SucceededAsync(string id, int attempt = 1) =>
        Host.Publish(new WorkstreamSucceeded(RunId, id, attempt, "worker-1", Naming.WorkstreamBranch(RunName, id), CommitOf(id, attempt), [$"src/{id}/x.txt"], [], DateTimeOffset.UtcNow, DateTimeOffset.UtcNow));

    public Task FailedAsync(string id, int attempt = 1, FailureKind kind = FailureKind.GateFailed, string reason = "GATE_UNIT failed") =>
        Host.Publish(new WorkstreamFailed(RunId, id, attempt, "worker-1", kind, reason, [], DateTimeOffset.UtcNow, DateTimeOffset.UtcNow));

    public Task<IntegrateWorkstream> IntegrationRequested(string id, int attempt = 1, int count = 1) =>
        Messages.WaitFor<IntegrateWorkstream>(m => m.RunId == RunId && m.WorkstreamId == id && m.Attempt == attempt, count).ContinueWith(t => t.Result[count - 1], TaskScheduler.Default);

    public Task IntegratedAsync(string id, int attempt = 1, bool already = false) =>
        Host.Publish(new WorkstreamIntegrated(RunId, id, attempt, HeadAfter(id, attempt), already, DateTimeOffset.UtcNow));

    public Task ConflictAsync(string id, int attempt = 1) =>
        Host.Publish(new MergeConflictDetected(RunId, id, attempt, [$"src/{id}/x.txt"], "head-now", DateTimeOffset.UtcNow));

    /// <summary>Waits for the dispatch, then plays a worker that succeeds and an integration that merges.</summary>
    public async Task CompleteAsync(string id, int attempt = 1)
    {
        await Dispatched(id, attempt);
        await StartedAsync(id, attempt);
        await SucceededAsync(id, attempt);
        await IntegrationRequested(id, attempt);
        await IntegratedAsync(id, attempt);
    }

    public Task<T> Outcome<T>()
        where T : class =>
        Messages.WaitForOne<T>(m => m switch
        {
            RunCompleted c => c.RunId == RunId,
            RunFailed f => f.RunId == RunId,
            RunCancelled c => c.RunId == RunId,
            RunHalted h => h.RunId == RunId,
            RevertIntegration r => r.RunId == RunId,
            _ => false,
        });
}
