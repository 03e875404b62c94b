using System.Text;

using CliWrap;
using CliWrap.Buffered;

using Uet.Git;

namespace Uet.Integration.Tests;

/// <summary>
/// A real git repository in a temp directory, with a real working tree and index (the "user's checkout"),
/// and helpers that build workstream commits with plumbing on a private index, so the checkout stays as it is.
/// </summary>
public sealed class TestRepo : IDisposable
{
    private readonly string root;

    private TestRepo(string root)
    {
        this.root = root;
        Path = System.IO.Path.Combine(root, "repo");
        Git = new GitCli(Path);
    }

    /// <summary>The repository's working tree.</summary>
    public string Path { get; }

    /// <summary>A private directory beside the repository (logs, barriers, state dirs).</summary>
    public string Scratch => System.IO.Path.Combine(root, "scratch");

    public GitCli Git { get; }

    public string BaseCommit { get; private set; } = "";

    public static async Task<TestRepo> CreateAsync()
    {
        var root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "uet-integration-tests", Guid.NewGuid().ToString("N"));
        var repo = new TestRepo(root);
        Directory.CreateDirectory(repo.Path);
        Directory.CreateDirectory(repo.Scratch);
        await repo.Git.RunAsync("init", "--quiet", "--initial-branch=main");
        await repo.Git.RunAsync("config", "user.name", "test");
        await repo.Git.RunAsync("config", "user.email", "test@localhost");
        await System.IO.File.WriteAllTextAsync(repo.File("a.txt"), "alpha\none\ntwo\nthree\n");
        await System.IO.File.WriteAllTextAsync(repo.File("b.txt"), "bravo\n");
        Directory.CreateDirectory(repo.File("src"));
        await System.IO.File.WriteAllTextAsync(repo.File("src/shared.txt"), "line 1\nline 2\nline 3\n");
        await repo.Git.RunAsync("add", "--all");
        await repo.Git.RunAsync("commit", "--quiet", "-m", "base");
        repo.BaseCommit = await repo.Git.RevParseAsync("HEAD");
        return repo;
    }

    public string File(string relative) => System.IO.Path.Combine(Path, relative);

    /// <summary>
    /// Makes a commit on top of <paramref name="parent"/> with the given file contents (null deletes), through a
    /// private index file: the way a worker's worktree would, without touching this checkout.
    /// </summary>
    public async Task<string> CommitAsync(string parent, IReadOnlyDictionary<string, string?> files, string message, string? branch = null)
    {
        var index = System.IO.Path.Combine(root, $"index-{Guid.NewGuid():N}");
        try
        {
            await PlumbingAsync(index, ["read-tree", parent]);
            foreach (var (path, content) in files)
            {
                if (content is null)
                {
                    await PlumbingAsync(index, ["update-index", "--force-remove", path]);
                    continue;
                }

                var blob = (await PlumbingAsync(index, ["hash-object", "-w", "--stdin"], content)).Trim();
                await PlumbingAsync(index, ["update-index", "--add", "--cacheinfo", $"100644,{blob},{path}"]);
            }

            var tree = (await PlumbingAsync(index, ["write-tree"])).Trim();
            var commit = (await Git.RunAsync(["commit-tree", tree, "-p", parent, "-m", message])).Trim();
            if (branch is not null)
            {
                await Git.RunAsync(["update-ref", "refs/heads/" + branch, commit]);
            }

            return commit;
        }
        finally
        {
            System.IO.File.Delete(index);
        }
    }

    public async Task<string?> HeadOfAsync(string branch) => await Git.TryRevParseAsync("refs/heads/" + branch);

    public async Task<string> ShowAsync(string rev, string path) => await Git.RunAsync(["show", $"{rev}:{path}"]);

    public async Task<IReadOnlyList<string>> ParentsAsync(string commit) =>
        (await Git.RunAsync(["rev-list", "--parents", "-n", "1", commit])).Trim().Split(' ').Skip(1).ToList();

    public async Task<string> RefsAsync() => await Git.RunAsync(["for-each-ref", "--format=%(refname) %(objectname)"]);

    public async Task<IReadOnlyList<string>> WorktreesAsync() =>
        (await Git.RunAsync(["worktree", "list", "--porcelain"])).Split('\n').Where(l => l.StartsWith("worktree ", StringComparison.Ordinal)).ToList();

    /// <summary>
    /// Everything a user would notice about their checkout: HEAD, branch, status (untracked included),
    /// staged and unstaged changes, the index's entries, and every working-tree file's content.
    /// </summary>
    public async Task<string> CheckoutSnapshotAsync()
    {
        var snapshot = new StringBuilder();
        snapshot.AppendLine(await Git.RunAsync(["symbolic-ref", "HEAD"]));
        snapshot.AppendLine(await Git.RunAsync(["rev-parse", "HEAD"]));
        snapshot.AppendLine(await Git.RunAsync(["status", "--porcelain=v2", "--branch", "--untracked-files=all"]));
        snapshot.AppendLine(await Git.RunAsync(["diff"]));
        snapshot.AppendLine(await Git.RunAsync(["diff", "--cached"]));
        snapshot.AppendLine(await Git.RunAsync(["ls-files", "--stage"]));
        foreach (var file in Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{System.IO.Path.DirectorySeparatorChar}.git{System.IO.Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            snapshot.Append(System.IO.Path.GetRelativePath(Path, file)).Append(": ").AppendLine(await System.IO.File.ReadAllTextAsync(file));
        }

        return snapshot.ToString();
    }

    private async Task<string> PlumbingAsync(string index, IReadOnlyList<string> args, string? stdin = null)
    {
        var command = Cli.Wrap("git").WithArguments(args).WithWorkingDirectory(Path)
            .WithEnvironmentVariables(new Dictionary<string, string?> { ["GIT_INDEX_FILE"] = index })
            .WithValidation(CommandResultValidation.None);
        if (stdin is not null)
        {
            command = command.WithStandardInputPipe(PipeSource.FromString(stdin));
        }

        var result = await command.ExecuteBufferedAsync();
        return result.ExitCode == 0
            ? result.StandardOutput
            : throw new InvalidOperationException($"git {string.Join(' ', args)}: {result.StandardError}");
    }

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
