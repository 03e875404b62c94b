using Uet.Git;

namespace Uet.Worker.Tests;

/// <summary>A real git repository in a temporary directory, with a state dir beside it; deleted afterwards.</summary>
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

    /// <summary>A repository whose first commit holds <paramref name="files"/> (path → content).</summary>
    public static async Task<TestRepo> CreateAsync(IReadOnlyDictionary<string, string>? files = null)
    {
        var repo = new TestRepo(Directory.CreateTempSubdirectory("uet-worker-test-").FullName);
        Directory.CreateDirectory(repo.Path);
        await repo.Git.RunAsync("init", "--quiet", "--initial-branch=main");
        files ??= new Dictionary<string, string> { ["README.md"] = "# test\n", ["src/app.txt"] = "app\n" };
        foreach (var (path, content) in files)
        {
            repo.Write(path, content);
        }

        await repo.Git.RunAsync("add", "--all");
        await repo.Git.RunAsync("commit", "--quiet", "-m", "initial");
        repo.BaseCommit = await repo.Git.RevParseAsync("HEAD");
        return repo;
    }

    public void Write(string relative, string content)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    public async Task<string> ShowAsync(string rev, string path) => await Git.RunAsync("show", $"{rev}:{path}");

    public async Task<IReadOnlyList<string>> FilesAtAsync(string rev) =>
        (await Git.RunAsync("ls-tree", "-r", "--name-only", rev)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public async Task<IReadOnlyList<string>> WorktreesAsync() =>
        (await Git.RunAsync("worktree", "list", "--porcelain"))
            .Split('\n')
            .Where(l => l.StartsWith("worktree ", StringComparison.Ordinal))
            .Select(l => l["worktree ".Length..])
            .ToList();

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
