using MassTransit;

namespace Uet.Cost.Tests.Infrastructure;

/// <summary>
/// Every publish the bus makes, with its message id. The harness's own list keeps one entry per message id, so a
/// message re-sent under the same id shows there once; this shows each send.
/// </summary>
internal sealed class PublishRecorder : IPublishObserver
{
    private readonly List<(Guid? MessageId, object Message)> _sent = [];

    public IReadOnlyList<(Guid? MessageId, T Message)> All<T>()
    {
        lock (_sent)
        {
            return _sent.Where(s => s.Message is T).Select(s => (s.MessageId, (T)s.Message)).ToList();
        }
    }

    public Task PostPublish<T>(PublishContext<T> context)
        where T : class
    {
        lock (_sent)
        {
            _sent.Add((context.MessageId, context.Message));
        }
        return Task.CompletedTask;
    }

    public Task PrePublish<T>(PublishContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PublishFault<T>(PublishContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;
}
