using Microsoft.Data.Sqlite;

using Uet.Git;

namespace Uet.Telemetry.Tests;

/// <summary>A real git repository in a temporary directory, with room beside it for state and scratch worktrees.</summary>
internal sealed class TestRepo : IDisposable
{
    private TestRepo(string root)
    {
        Root = root;
        Path = System.IO.Path.Combine(root, "repo");
        StateDir = System.IO.Path.Combine(root, "state");
        Git = new GitCli(Path);
    }

    public string Root { get; }

    public string Path { get; }

    public string StateDir { get; }

    public GitCli Git { get; }

    public string BaseCommit { get; private set; } = "";

    public static async Task<TestRepo> CreateAsync()
    {
        var repo = new TestRepo(Directory.CreateTempSubdirectory("uet-telemetry-test-").FullName);
        Directory.CreateDirectory(System.IO.Path.Combine(repo.Path, "src"));
        Directory.CreateDirectory(repo.StateDir);
        await repo.Git.RunAsync("init", "--quiet", "--initial-branch=main");
        await repo.Git.RunAsync("config", "user.name", "test");
        await repo.Git.RunAsync("config", "user.email", "test@localhost");
        await File.WriteAllTextAsync(System.IO.Path.Combine(repo.Path, "src", "shared.txt"), "base\n");
        await repo.Git.RunAsync("add", "--all");
        await repo.Git.RunAsync("commit", "--quiet", "-m", "base");
        repo.BaseCommit = await repo.Git.RevParseAsync("HEAD");
        return repo;
    }

    /// <summary>A commit on top of the base that sets src/shared.txt to <paramref name="content"/>, made with plumbing.</summary>
    public async Task<string> CommitSharedAsync(string content, string message)
    {
        var blob = (await Git.RunAsync(["hash-object", "-w", "--stdin"], stdin: content)).Trim();
        var src = (await Git.RunAsync(["mktree"], stdin: $"100644 blob {blob}\tshared.txt\n")).Trim();
        var tree = (await Git.RunAsync(["mktree"], stdin: $"040000 tree {src}\tsrc\n")).Trim();
        return (await Git.RunAsync(["commit-tree", tree, "-p", BaseCommit, "-m", message])).Trim();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
