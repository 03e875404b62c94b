using System.Text;

using CliWrap;
using CliWrap.Buffered;

namespace Uet.Cli.Tests;

/// <summary>Runs the built <c>uet</c> as a real process (<c>dotnet uet.dll ...</c>), the way a user or script would.</summary>
internal static class UetProcess
{
    private static readonly string UetDll = Path.Combine(AppContext.BaseDirectory, "uet.dll");

    public static async Task<UetResult> RunInAsync(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        Assert.True(File.Exists(UetDll), $"uet.dll not found next to the tests at {UetDll}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var result = await CliWrap.Cli.Wrap("dotnet")
            .WithArguments(["exec", UetDll, .. args])
            .WithWorkingDirectory(workingDirectory)
            .WithEnvironmentVariables(env =>
            {
                env.Set("UET_DEBUG", null).Set("NO_COLOR", null).Set("UET_RABBITMQ", null).Set("DOTNET_CLI_TELEMETRY_OPTOUT", "1");
                foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
                {
                    env.Set(name, value);
                }
            })
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(Encoding.UTF8, timeout.Token);
        return new UetResult(result.ExitCode, result.StandardOutput, result.StandardError);
    }

    public static Task<UetResult> RunAsync(params string[] args) => RunInAsync(Path.GetTempPath(), null, args);
}

internal sealed record UetResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
