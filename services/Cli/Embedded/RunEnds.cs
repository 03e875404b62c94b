using System.Collections.Concurrent;

using MassTransit;

using Uet.Contracts;

namespace Uet.Cli.Embedded;

/// <summary>
/// Tells the live view of an embedded run the moment the run's end has been handled, so it reads the final state then
/// instead of at its next poll. The saga publishes the end only after committing the state the view reads.
/// </summary>
internal sealed class RunEnds : IConsumeObserver
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _ended = new();

    /// <summary>Completes once a consumer has handled the end (completed, failed, cancelled, halted, rejected) of the run.</summary>
    public Task Ended(Guid runId) => Signal(runId).Task;

    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class
    {
        if (RunIdOfEnd(context.Message) is { } runId)
        {
            Signal(runId).TrySetResult();
        }

        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;

    private TaskCompletionSource Signal(Guid runId) =>
        _ended.GetOrAdd(runId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private static Guid? RunIdOfEnd(object message) => message switch
    {
        RunCompleted m => m.RunId,
        RunFailed m => m.RunId,
        RunCancelled m => m.RunId,
        RunHalted m => m.RunId,
        PlanRejected m => m.RunId,
        _ => null,
    };
}
