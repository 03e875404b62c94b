using Uet.Contracts;
using Uet.Worker.Execution;

using Xunit.Sdk;

namespace Uet.Worker.Tests;

internal static class OutcomeAssertions
{
    /// <summary>The success event, or a test failure that quotes why the attempt failed.</summary>
    public static WorkstreamSucceeded ShouldSucceed(this AttemptOutcome outcome) =>
        outcome.Succeeded ?? throw new XunitException($"Expected the attempt to succeed, but it failed ({outcome.Failed!.Kind}): {outcome.Failed.Reason}");

    public static WorkstreamFailed ShouldFail(this AttemptOutcome outcome, FailureKind kind)
    {
        if (outcome.Failed is not { } failed)
        {
            throw new XunitException($"Expected the attempt to fail with {kind}, but it succeeded with commit {outcome.Succeeded!.Commit}.");
        }

        Assert.Equal(kind, failed.Kind);
        return failed;
    }
}
