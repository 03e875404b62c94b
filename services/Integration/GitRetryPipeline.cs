using Microsoft.Extensions.Logging;

using Polly;
using Polly.Retry;

using Uet.Git;

namespace Uet.Integration;

/// <summary>Retry with exponential backoff and jitter around git commands that met another process's lock file.</summary>
internal static class GitRetryPipeline
{
    public static ResiliencePipeline Create(IntegrationOptions options, TimeProvider clock, ILogger logger) =>
        new ResiliencePipelineBuilder { TimeProvider = clock }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<GitException>(TransientGitErrors.IsTransient),
                MaxRetryAttempts = Math.Max(1, options.GitRetryAttempts),
                Delay = options.GitRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    logger.LogWarning(
                        "git met a lock held by another process; retry {Attempt} in {Delay}: {Error}",
                        args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception?.Message);
                    return default;
                },
            })
            .Build();
}
