using MassTransit;
using MassTransit.Testing;

using Microsoft.Extensions.DependencyInjection;

using Uet.Contracts;
using Uet.Contracts.Plans;

namespace Uet.Integration.Tests;

/// <summary>The service as the run saga meets it: commands sent to the <c>integration</c> endpoint, events published back.</summary>
public sealed class ConsumerTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private ServiceProvider provider = null!;
    private ITestHarness harness = null!;
    private TestRepo repo = null!;

    public async Task InitializeAsync()
    {
        repo = await TestRepo.CreateAsync();
        provider = new ServiceCollection()
            .AddLogging()
            .AddMassTransitTestHarness(x => x.AddIntegration(o => o.ScratchRoot = Path.Combine(repo.Scratch, "worktrees")))
            .BuildServiceProvider(true);
        harness = provider.GetRequiredService<ITestHarness>();
        // Gates run real processes: the harness must not call the bus idle while one is running.
        harness.TestTimeout = Deadline;
        harness.TestInactivityTimeout = Deadline;
        await harness.Start();
    }

    public async Task DisposeAsync()
    {
        await provider.DisposeAsync();
        repo.Dispose();
    }

    private async Task SendAsync<T>(T message)
        where T : class =>
        await (await harness.Bus.GetSendEndpoint(new Uri($"queue:{IntegrationConsumerDefinition.EndpointNameValue}"))).Send(message);

    /// <summary>Waits (up to the deadline) until <paramref name="count"/> matching events were published; fails naming what went wrong instead.</summary>
    private async Task<List<T>> PublishedAsync<T>(Func<T, bool> filter, int count)
        where T : class
    {
        var found = new List<T>();
        using var deadline = new CancellationTokenSource(Deadline);
        try
        {
            await foreach (var published in harness.Published.SelectAsync<T>(m => filter(m.Context.Message), deadline.Token))
            {
                found.Add(published.Context.Message);
                if (found.Count == count)
                {
                    return found;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        var failures = harness.Published.Select<IntegrationGateFailed>().Select(m => m.Context.Message.OutputTail)
            .Concat(harness.Published.Select<Fault>().Select(m => string.Join("; ", m.Context.Message.Exceptions.Select(e => e.Message))));
        Assert.Fail($"expected {count} {typeof(T).Name}, saw {found.Count}; failures: {string.Join(" | ", failures)}");
        return found;
    }

    [Fact]
    public async Task Prepare_integrate_conflict_and_revert_travel_over_the_bus()
    {
        var run = new TestRun(repo, "bus");
        var one = await repo.CommitAsync(repo.BaseCommit, new Dictionary<string, string?> { ["b.txt"] = "one\n" }, "ws-1");
        var two = await repo.CommitAsync(repo.BaseCommit, new Dictionary<string, string?> { ["b.txt"] = "two\n" }, "ws-2");

        await SendAsync(run.Prepare());
        var prepared = Assert.Single(await PublishedAsync<IntegrationPrepared>(m => m.RunId == run.RunId, 1));
        await SendAsync(run.Integrate("ws-1", one));
        var integrated = Assert.Single(await PublishedAsync<WorkstreamIntegrated>(m => m.RunId == run.RunId, 1));
        await SendAsync(run.Integrate("ws-2", two));
        var conflict = Assert.Single(await PublishedAsync<MergeConflictDetected>(m => m.RunId == run.RunId, 1));
        await SendAsync(run.Revert(prepared.BaseCommit));
        var reverted = Assert.Single(await PublishedAsync<IntegrationReverted>(m => m.RunId == run.RunId, 1));

        Assert.Equal(repo.BaseCommit, prepared.BaseCommit);
        Assert.Equal([repo.BaseCommit, one], await repo.ParentsAsync(integrated.IntegrationHead));
        Assert.Equal(["b.txt"], conflict.ConflictingFiles);
        Assert.Equal(integrated.IntegrationHead, await repo.Git.RevParseAsync(reverted.ArchiveRef!));
        Assert.Equal(repo.BaseCommit, await repo.HeadOfAsync(run.Branch));
    }

    [Fact]
    public async Task A_failed_preparation_is_published()
    {
        var run = new TestRun(repo, "bad-base");

        await SendAsync(run.Prepare(baseRef: "missing-ref"));

        var failed = Assert.Single(await PublishedAsync<IntegrationPreparationFailed>(m => m.RunId == run.RunId, 1));
        Assert.Contains("'missing-ref'", failed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_integrate_in_parallel_while_each_run_merges_one_at_a_time()
    {
        // Fixed names, so the runs' partitions are the same on every machine (and distinct: see the gate below).
        TestRun[] runs = [new(repo, "parallel-a"), new(repo, "parallel-b"), new(repo, "parallel-c")];
        var barrier = Directory.CreateDirectory(Path.Combine(repo.Scratch, "barrier")).FullName;
        var locks = Directory.CreateDirectory(Path.Combine(repo.Scratch, "locks")).FullName;
        var everyRunArrived = string.Join(" && ", runs.Select(r => $"[ -e '{barrier}/{r.Name}' ]"));
        // Fails if two merges of one run overlap (mkdir is atomic), or if the runs' first merges never overlap.
        var gateCommand = $$"""
            mkdir '{{locks}}/'"$UET_RUN_NAME" || { echo "two merges of $UET_RUN_NAME at once"; exit 9; }
            touch '{{barrier}}/'"$UET_RUN_NAME"
            for i in $(seq 1 1200); do if {{everyRunArrived}}; then break; fi; sleep 0.05; done
            if {{everyRunArrived}}; then status=0; else echo "runs were integrated one after another"; status=8; fi
            rmdir '{{locks}}/'"$UET_RUN_NAME"
            exit $status
            """;
        TestGateSpec[] gates = [new(GateTypes.Integration, Command: gateCommand)];

        foreach (var run in runs)
        {
            await SendAsync(run.Prepare());
        }

        await PublishedAsync<IntegrationPrepared>(m => runs.Any(r => r.RunId == m.RunId), runs.Length);
        var workByRun = new Dictionary<TestRun, string[]>();
        foreach (var run in runs)
        {
            workByRun[run] =
            [
                await repo.CommitAsync(repo.BaseCommit, new Dictionary<string, string?> { [$"{run.Name}-x.txt"] = "x\n" }, $"{run.Name} ws-x"),
                await repo.CommitAsync(repo.BaseCommit, new Dictionary<string, string?> { [$"{run.Name}-y.txt"] = "y\n" }, $"{run.Name} ws-y"),
            ];
        }

        foreach (var run in runs)
        {
            await SendAsync(run.Integrate("ws-x", workByRun[run][0], gates: gates));
            await SendAsync(run.Integrate("ws-y", workByRun[run][1], gates: gates));
        }

        var integrated = await PublishedAsync<WorkstreamIntegrated>(m => runs.Any(r => r.RunId == m.RunId), 2 * runs.Length);

        // Six commands, six WorkstreamIntegrated: no gate failed (a gate failure is a command's only other answer here).
        Assert.All(integrated, m => Assert.False(m.AlreadyIntegrated));
        foreach (var run in runs)
        {
            var head = await repo.HeadOfAsync(run.Branch);
            var firstParents = (await repo.Git.RunAsync(["rev-list", "--first-parent", $"{repo.BaseCommit}..{head}"])).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, firstParents.Length);
            Assert.Equal("x\n", await repo.ShowAsync(head!, $"{run.Name}-x.txt"));
            Assert.Equal("y\n", await repo.ShowAsync(head!, $"{run.Name}-y.txt"));
        }
    }
}
