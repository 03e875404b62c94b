using System.Text;

using CliWrap;
using CliWrap.Buffered;

using Uet.Git;

namespace Uet.Metrics.Tests.Infrastructure;

/// <summary>Runs the built <c>uet</c> (uet.dll beside the tests) as a separate process, as a user would.</summary>
internal static class UetProcess
{
    private static readonly string UetDll = Path.Combine(AppContext.BaseDirectory, "uet.dll");

    public static async Task<UetResult> RunAsync(string workingDirectory, params string[] args)
    {
        Assert.True(File.Exists(UetDll), $"uet.dll not found next to the tests at {UetDll}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var result = await CliWrap.Cli.Wrap("dotnet")
            .WithArguments(["exec", UetDll, .. args])
            .WithWorkingDirectory(workingDirectory)
            // Embedded mode always: a cluster named by UET_RABBITMQ + UET_POSTGRES is not these tests' business.
            .WithEnvironmentVariables(e => e.Set("NO_COLOR", "1").Set("UET_DEBUG", null).Set("UET_RABBITMQ", null).Set("DOTNET_NOLOGO", "1"))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(Encoding.UTF8, timeout.Token);
        return new UetResult(result.ExitCode, result.StandardOutput, result.StandardError);
    }
}

internal sealed record UetResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>A temp folder with a git repository holding the quickstart example's app, and a state dir beside it.</summary>
internal sealed class QuickstartRepository : IDisposable
{
    private QuickstartRepository(string root)
    {
        Root = root;
        Repo = Path.Combine(root, "repo");
        StateDir = Path.Combine(root, "state");
    }

    public string Root { get; }
    public string Repo { get; }
    public string StateDir { get; }

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Plan => Path.Combine(RepoRoot, "examples", "quickstart");

    public static async Task<QuickstartRepository> CreateAsync()
    {
        var repo = new QuickstartRepository(Path.Combine(Path.GetTempPath(), "uet-metrics-e2e-" + Guid.NewGuid().ToString("N")[..12]));
        var app = Path.Combine(RepoRoot, "examples", "quickstart", "app");
        foreach (var file in Directory.EnumerateFiles(app, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(repo.Repo, "examples", "quickstart", "app", Path.GetRelativePath(app, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var git = new GitCli(repo.Repo);
        await git.RunAsync("init", "-q", "-b", "main");
        await git.RunAsync("add", "-A");
        await git.RunAsync("-c", "user.name=uet tests", "-c", "user.email=tests@uet.invalid", "commit", "-q", "-m", "sample app");
        return repo;
    }

    public void Dispose()
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
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orchestrator.sln")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("Orchestrator.sln not found above " + AppContext.BaseDirectory);
    }
}
