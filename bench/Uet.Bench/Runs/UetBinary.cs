using System.Text;

using CliWrap;
using CliWrap.Buffered;

namespace Uet.Bench.Runs;

/// <summary>
/// The <c>uet</c> a benchmark starts: the build output beside the bench (<c>dotnet uet.dll</c>, JIT-compiled as it
/// runs), or the one scripts/install.sh puts under a prefix (ReadyToRun, the way it ships).
/// </summary>
internal sealed record UetBinary(string Label, string Program, IReadOnlyList<string> Prefix)
{
    public static UetBinary BuildOutput { get; } = new("build output", "dotnet", [Path.Combine(AppContext.BaseDirectory, "uet.dll")]);

    /// <summary>Runs scripts/install.sh into <paramref name="prefix"/> and returns that uet.</summary>
    public static async Task<UetBinary> InstallAsync(string prefix)
    {
        var script = Path.Combine(RepoRoot(), "scripts", "install.sh");
        var result = await CliWrap.Cli.Wrap("bash").WithArguments([script, "--prefix", prefix])
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(Encoding.UTF8);
        return result.ExitCode == 0
            ? new UetBinary("installed (ReadyToRun)", Path.Combine(prefix, "bin", "uet"), [])
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
