using Uet.Git;

namespace Uet.EndToEnd.Tests;

/// <summary>A real git repository in a temp folder, with one commit, removed after the test.</summary>
public sealed class TempRepository : IAsyncDisposable
{
    private TempRepository(string root)
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

    public static async Task<TempRepository> CreateAsync(IReadOnlyDictionary<string, string>? files = null)
    {
        var root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "uet-e2e-" + Guid.NewGuid().ToString("N")[..12]);
        var repo = new TempRepository(root);
        Directory.CreateDirectory(repo.Path);
        await repo.Git.RunAsync("init", "-q", "-b", "main");
        foreach (var (path, content) in files ?? new Dictionary<string, string> { ["README.md"] = "# sample\n" })
        {
            repo.Write(path, content);
        }

        await repo.Git.RunAsync("add", "-A");
        await repo.Git.RunAsync("commit", "-q", "-m", "initial");
        return repo;
    }

    public void Write(string relativePath, string content)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    /// <summary>Writes plan files to a folder outside the repository and returns its path.</summary>
    public string WritePlan(string name, IReadOnlyDictionary<string, string> files)
    {
        var dir = System.IO.Path.Combine(Root, name);
        Directory.CreateDirectory(dir);
        foreach (var (file, content) in files)
        {
            File.WriteAllText(System.IO.Path.Combine(dir, file), content);
        }

        return dir;
    }

    public async Task<string> ShowAsync(string rev, string path) => await Git.RunAsync("show", $"{rev}:{path}");

    public async Task<IReadOnlyList<string>> LogSubjectsAsync(string rev) =>
        (await Git.RunAsync("log", "--format=%s", rev)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return ValueTask.CompletedTask;
    }
}
