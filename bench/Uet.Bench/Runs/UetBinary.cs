using System.Text;

using CliWrap;
using CliWrap.Buffered;

namespace Uet.Bench.Runs;

/// <summary>
/// The <c>uet</c> a benchmark starts: the build output beside the bench (<c>dotnet uet.dll</c>, JIT-compiled as it
/// runs), or one scripts/install.sh puts under a prefix: by default with its own runtime and one composite ReadyToRun
/// image (the way it ships), or <c>--framework-dependent</c> (each assembly precompiled on its own, shared runtime).
/// </summary>
internal sealed record UetBinary(string Label, string Program, IReadOnlyList<string> Prefix)
{
    public static UetBinary BuildOutput { get; } = new("build output", "dotnet", [Path.Combine(AppContext.BaseDirectory, "uet.dll")]);

    /// <summary>
    /// Runs scripts/install.sh into <paramref name="prefix"/> (building under it, so two forms do not share a build
    /// folder) and returns that uet.
    /// </summary>
    public static async Task<UetBinary> InstallAsync(string prefix, bool frameworkDependent = false)
    {
        var script = Path.Combine(RepoRoot(), "scripts", "install.sh");
        string[] form = frameworkDependent ? ["--framework-dependent"] : [];
        var result = await CliWrap.Cli.Wrap("bash").WithArguments([script, "--prefix", prefix, "--artifacts", Path.Combine(prefix, "build"), .. form])
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(Encoding.UTF8);
        var label = frameworkDependent ? "installed, framework-dependent (ReadyToRun)" : "installed (composite ReadyToRun)";
        return result.ExitCode == 0
            ? new UetBinary(label, Path.Combine(prefix, "bin", "uet"), [])
            : throw new InvalidOperationException($"scripts/install.sh failed ({result.ExitCode}): {result.StandardError}");
    }

    public Command Command(IEnumerable<string> args) => CliWrap.Cli.Wrap(Program).WithArguments([.. Prefix, .. args]);

    private static string RepoRoot()
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
