using System.Collections.Concurrent;

using MassTransit;

namespace Uet.Worker.Tests;

/// <summary>
/// Records what the bus published and consumed as it happens. Unlike the harness's lists, reading it never waits for
/// bus inactivity, so tests can poll it and assert that something did not happen.
/// </summary>
internal sealed class BusRecorder : IPublishObserver, IConsumeObserver
{
    private readonly ConcurrentQueue<object> _published = new();
    private readonly ConcurrentQueue<object> _consumed = new();

    public static BusRecorder ConnectTo(IBus bus)
    {
        var recorder = new BusRecorder();
        bus.ConnectPublishObserver(recorder);
        bus.ConnectConsumeObserver(recorder);
        return recorder;
    }

    public IReadOnlyList<T> Published<T>() => _published.OfType<T>().ToList();

    public IReadOnlyList<object> AllPublished => _published.ToList();

    public IReadOnlyList<T> Consumed<T>() => _consumed.OfType<T>().ToList();

    public Task<T> WaitForPublishedAsync<T>(Func<T, bool> match, TimeSpan? timeout = null)
        where T : class =>
        Poll.UntilAsync(() => _published.OfType<T>().FirstOrDefault(match), $"a published {typeof(T).Name}", timeout);

    public Task PrePublish<T>(PublishContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostPublish<T>(PublishContext<T> context)
        where T : class
    {
        _published.Enqueue(context.Message);
        return Task.CompletedTask;
    }

    public Task PublishFault<T>(PublishContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;

    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class
    {
        _consumed.Enqueue(context.Message);
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;
}
