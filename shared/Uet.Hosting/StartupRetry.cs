using Microsoft.Extensions.Logging;

using Polly;
using Polly.Retry;

namespace Uet.Hosting;

/// <summary>
/// A start-up step that needs infrastructure which may still be starting (the database when every container starts
/// at once): retried with backoff and jitter for up to two minutes, each failure logged, then given up with its cause.
/// </summary>
public static class StartupRetry
{
    public static async Task RunAsync(string step, ILogger logger, Func<CancellationToken, Task> action, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(action);
        var pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException),
                MaxRetryAttempts = 24,
                Delay = TimeSpan.FromMilliseconds(500),
                MaxDelay = TimeSpan.FromSeconds(5),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    logger.LogWarning("{Step} failed (attempt {Attempt}), retrying in {Delay}: {Error}",
                        step, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception?.Message);
                    return default;
                },
            })
            .Build();
        logger.LogInformation("{Step}…", step);
        await pipeline.ExecuteAsync(async token => await action(token), ct);
        logger.LogInformation("{Step}: done", step);
    }
}
