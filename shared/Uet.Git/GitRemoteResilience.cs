using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace Uet.Git;

/// <summary>Knobs of the Polly pipeline around every fetch and push to a hub; the defaults ride out a restart of a git server.</summary>
public sealed record GitRemoteResilienceOptions
{
    /// <summary>Retries of a fetch or push that failed on something that may pass (network, a lock on either side).</summary>
    public int RetryAttempts { get; init; } = 5;

    /// <summary>First delay between retries; it grows exponentially, with jitter, so replicas do not retry in step.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Failed calls within <see cref="SamplingDuration"/> (at least <see cref="MinimumThroughput"/>) that open the circuit.</summary>
    public double FailureRatio { get; init; } = 0.9;

    public int MinimumThroughput { get; init; } = 8;

    public TimeSpan SamplingDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit fails calls at once before one is let through to test the hub again.</summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(15);
}

/// <summary>
/// The Polly pipeline for calls to a git remote: retry with exponential backoff and jitter around a circuit breaker.
/// Only failures that may pass are retried or counted (<see cref="TransientGitErrors.IsTransientRemote"/>); a missing
/// ref is an answer. While the circuit is open, calls fail at once with a <see cref="BrokenCircuitException"/>
/// (not retried: the hub is down, and waiting belongs to the caller's own redelivery). One pipeline per hub and
/// process, so every call to that hub shares the breaker's state.
/// </summary>
public static class GitRemoteResilience
{
    public static ResiliencePipeline Create(string hub, GitRemoteResilienceOptions? options = null, TimeProvider? clock = null, ILogger? logger = null)
    {
        options ??= new GitRemoteResilienceOptions();
        logger ??= NullLogger.Instance;
        var handled = new PredicateBuilder().Handle<GitException>(TransientGitErrors.IsTransientRemote);
        return new ResiliencePipelineBuilder { TimeProvider = clock ?? TimeProvider.System }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = handled,
                MaxRetryAttempts = Math.Max(1, options.RetryAttempts),
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    logger.LogWarning("git call to hub {Hub} failed; retry {Attempt} in {Delay}: {Error}",
                        hub, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception?.Message);
                    return default;
                },
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = handled,
                FailureRatio = options.FailureRatio,
                MinimumThroughput = Math.Max(2, options.MinimumThroughput),
                SamplingDuration = options.SamplingDuration,
                BreakDuration = options.BreakDuration,
                OnOpened = args =>
                {
                    logger.LogError("Hub {Hub} keeps failing; calls to it stop for {Break}: {Error}",
                        hub, args.BreakDuration, args.Outcome.Exception?.Message);
                    return default;
                },
                OnClosed = _ =>
                {
                    logger.LogInformation("Hub {Hub} answers again", hub);
                    return default;
                },
            })
            .Build();
    }
}
