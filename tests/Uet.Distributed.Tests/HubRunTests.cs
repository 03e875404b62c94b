using System.Text;

using CliWrap;
using CliWrap.Buffered;

using Uet.Distributed.Tests.Infrastructure;
using Uet.EndToEnd.Tests;
using Uet.Git;

namespace Uet.Distributed.Tests;

/// <summary>
/// A cluster whose Worker and Integration processes see only a hub (UET_HUB, a bare repository that is not the user's)
/// and their own data dirs: the run's branches still end up in the user's --repo, as in the embedded mode.
/// </summary>
public sealed class HubRunTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);
    private TempRepository _repo = null!;
    private TestCluster? _cluster;
    private string _hub = "";

    public async Task InitializeAsync()
    {
        _repo = await TempRepository.CreateAsync();
        _hub = Path.Combine(_repo.Root, "hub.git");
        Directory.CreateDirectory(_hub);
        await new GitCli(_hub).RunAsync("init", "--quiet", "--bare");
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        await _repo.DisposeAsync();
    }

    [ClusterFact]
    public async Task A_run_through_a_hub_leaves_every_workstreams_change_on_the_integration_branch_of_the_users_repository()
    {
        _cluster = await TestCluster.StartAsync(workers: 2, hub: _hub);
        var plan = _repo.WritePlan("plan", new Dictionary<string, string>
        {
            ["w.json"] = Plans.Json(new[]
            {
                Plans.Shell("ws-a", "a.txt", ["echo a > a.txt"]),
                Plans.Shell("ws-b", "b.txt", ["echo b > b.txt"]),
                Plans.Shell("ws-c", "c.txt", ["test -e a.txt", "echo c > c.txt"], ["ws-a"]),
                Plans.Shell("ws-d", "d.txt", ["test -e b.txt && test -e c.txt", "echo d > d.txt"], ["ws-b", "ws-c"]),
            }),
        });
        var baseCommit = await _repo.Git.RevParseAsync("HEAD");

        var result = await Uet("run", plan, "--run-id", "hubbed", "--max-workers", "2", "--hub", _hub);

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError + _cluster.Logs());
        Assert.Contains("pushed base", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("fetched 5 branch(es) of run hubbed from the hub", result.StandardOutput, StringComparison.Ordinal);
        var hub = new GitCli(_hub);
        var head = await _repo.Git.RevParseAsync("refs/heads/uet/hubbed/integration");
        Assert.Equal(await hub.RevParseAsync("refs/heads/uet/hubbed/integration"), head);
        foreach (var id in "abcd")
        {
            Assert.Equal($"{id}\n", await _repo.ShowAsync("uet/hubbed/integration", $"{id}.txt"));
            Assert.Equal(await hub.RevParseAsync($"refs/heads/uet/hubbed/ws-{id}"), await _repo.Git.RevParseAsync($"refs/heads/uet/hubbed/ws-{id}"));
        }

        Assert.Equal(baseCommit, await _repo.Git.RevParseAsync("refs/uet/base/hubbed"));
        Assert.True(await _repo.Git.IsAncestorAsync(baseCommit, head));

        // The merges were made on the hub by the Integration process, in its own clone cache: in the user's
        // repository the branch only ever arrived by fetch, and no worker made a worktree of it.
        var reflog = await _repo.Git.RunAsync("reflog", "show", "--format=%gs", "refs/heads/uet/hubbed/integration");
        Assert.DoesNotContain("uet: integrate", reflog, StringComparison.Ordinal);
        Assert.Single((await _repo.Git.RunAsync("worktree", "list", "--porcelain")).Split('\n'), l => l.StartsWith("worktree ", StringComparison.Ordinal));
        var integrationCache = new GitCli(Path.Combine(_cluster.Root, "integration", "hub.git"));
        Assert.Equal(head, await integrationCache.RevParseAsync("refs/heads/uet/hubbed/integration"));
        var workerCaches = Enumerable.Range(1, 2).Select(i => Path.Combine(_cluster.Root, $"worker-{i}", "hub.git")).Where(Directory.Exists).ToList();
        Assert.NotEmpty(workerCaches);

        // Whoever did not follow the run fetches it with `uet fetch`.
        var elsewhere = await TempRepository.CreateAsync();
        await using (elsewhere)
        {
            var fetched = await UetProcess.Command(elsewhere.Path, ["fetch", "hubbed", "--hub", _hub]).ExecuteBufferedAsync(Encoding.UTF8);
            Assert.True(fetched.ExitCode == 0, fetched.StandardOutput + fetched.StandardError);
            Assert.Equal(head, await elsewhere.Git.RevParseAsync("refs/heads/uet/hubbed/integration"));
        }
    }

    private async Task<BufferedCommandResult> Uet(params string[] args)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        return await UetProcess.Command(_repo.Path, [.. args, .. _cluster!.ClientArgs]).ExecuteBufferedAsync(Encoding.UTF8, timeout.Token);
    }
}
