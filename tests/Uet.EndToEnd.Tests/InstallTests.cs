using System.Reflection.PortableExecutable;
using System.Text;

using CliWrap;
using CliWrap.Buffered;

namespace Uet.EndToEnd.Tests;

/// <summary>
/// scripts/install.sh: a precompiled <c>uet</c> under a prefix, started by its own launcher. By default it carries its
/// own runtime and one composite image of everything; <c>--framework-dependent</c> is the small form on the shared runtime.
/// </summary>
public sealed class InstallTests : IAsyncDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("uet-install-").FullName;

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Install_puts_a_precompiled_uet_on_the_prefix_that_runs_a_plan()
    {
        var prefix = Path.Combine(_root, "prefix");
        // Its own build folder: the repository's bin/ and obj/ are what the other tests run from.
        var install = await Bash(Plans.RepoRoot(), Path.Combine(Plans.RepoRoot(), "scripts", "install.sh"), "--prefix", prefix, "--artifacts", Path.Combine(_root, "build"));
        Assert.True(install.ExitCode == 0, install.StandardOutput + install.StandardError);
        var uet = Path.Combine(prefix, "bin", "uet");
        Assert.Contains($"as {uet}", install.StandardOutput, StringComparison.Ordinal);

        var lib = Path.Combine(prefix, "lib", "uet");
        Assert.True(IsReadyToRun(Path.Combine(lib, "uet.dll")), "uet.dll is not ReadyToRun");
        Assert.True(IsReadyToRun(Path.Combine(lib, "MassTransit.dll")), "its dependencies are not ReadyToRun");
        Assert.True(IsReadyToRun(Path.Combine(lib, "System.Text.Json.dll")), "the framework is not part of the image");
        Assert.True(File.Exists(Path.Combine(lib, "uet.r2r.dll")), "no composite image");
        Assert.True(File.Exists(Path.Combine(lib, "libcoreclr.so")), "the runtime is not carried along");

        await using var repo = await TempRepository.CreateAsync();
        var plan = repo.WritePlan("plan", new Dictionary<string, string>
        {
            ["w.json"] = Plans.Json(new[]
            {
                Plans.Shell("ws-one", "one.txt", ["echo one > one.txt"]),
                Plans.Shell("ws-two", "two.txt", ["echo two > two.txt"], ["ws-one"]),
            }),
        });
        var run = await CliWrap.Cli.Wrap(uet).WithArguments(["run", plan, "--run-id", "installed", "--state-dir", repo.StateDir])
            .WithWorkingDirectory(repo.Path).WithEnvironmentVariables(e => e.Set("NO_COLOR", "1").Set("UET_RABBITMQ", null))
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(Encoding.UTF8);

        Assert.True(run.ExitCode == 0, run.StandardOutput + run.StandardError);
        Assert.Equal("two\n", await repo.ShowAsync("uet/installed/integration", "two.txt"));
    }

    [Fact]
    public async Task The_framework_dependent_form_runs_on_the_shared_runtime()
    {
        var prefix = Path.Combine(_root, "prefix");

        var install = await Bash(Plans.RepoRoot(), Path.Combine(Plans.RepoRoot(), "scripts", "install.sh"), "--prefix", prefix, "--artifacts", Path.Combine(_root, "build"), "--framework-dependent");

        Assert.True(install.ExitCode == 0, install.StandardOutput + install.StandardError);
        var lib = Path.Combine(prefix, "lib", "uet");
        Assert.True(IsReadyToRun(Path.Combine(lib, "uet.dll")), "uet.dll is not ReadyToRun");
        Assert.False(File.Exists(Path.Combine(lib, "libcoreclr.so")), "the framework-dependent form carries a runtime");
        Assert.False(File.Exists(Path.Combine(lib, "uet.r2r.dll")), "the framework-dependent form has a composite image");
        var version = await CliWrap.Cli.Wrap(Path.Combine(prefix, "bin", "uet")).WithArguments(["--version"])
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(Encoding.UTF8);
        Assert.True(version.ExitCode == 0, version.StandardOutput + version.StandardError);
        Assert.NotEmpty(version.StandardOutput.Trim());
    }

    [Fact]
    public async Task An_unknown_argument_exits_2_naming_it_and_installs_nothing()
    {
        var prefix = Path.Combine(_root, "prefix");

        var result = await Bash(_root, Path.Combine(Plans.RepoRoot(), "scripts", "install.sh"), "--prefx", prefix);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown argument '--prefx'", result.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(prefix));
    }

    private static bool IsReadyToRun(string assembly)
    {
        using var pe = new PEReader(File.OpenRead(assembly));
        return pe.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0;
    }

    private static async Task<BufferedCommandResult> Bash(string workingDirectory, params string[] args)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        // No build nodes left behind to outlive the test.
        return await CliWrap.Cli.Wrap("bash").WithArguments(args).WithWorkingDirectory(workingDirectory)
            .WithEnvironmentVariables(e => e.Set("MSBUILDDISABLENODEREUSE", "1"))
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(Encoding.UTF8, timeout.Token);
    }
}
