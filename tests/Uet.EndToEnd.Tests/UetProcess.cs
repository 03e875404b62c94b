using System.Text;
using System.Text.Json;

using CliWrap;
using CliWrap.Buffered;

namespace Uet.EndToEnd.Tests;

/// <summary>Runs the real <c>uet</c> (the built uet.dll beside the tests) as a separate process.</summary>
public static class UetProcess
{
    public static string UetDll { get; } = Path.Combine(AppContext.BaseDirectory, "uet.dll");

    public static Command Command(string workingDirectory, params string[] args) =>
        CliWrap.Cli.Wrap("dotnet")
            .WithArguments(new[] { UetDll }.Concat(args))
            .WithWorkingDirectory(workingDirectory)
            .WithEnvironmentVariables(e => e.Set("NO_COLOR", "1").Set("DOTNET_NOLOGO", "1").Set("UET_RABBITMQ", null))
            .WithValidation(CommandResultValidation.None);

    public static async Task<BufferedCommandResult> RunAsync(string workingDirectory, params string[] args)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        return await Command(workingDirectory, args).ExecuteBufferedAsync(Encoding.UTF8, timeout.Token);
    }

    public static async Task<JsonElement> StatusAsync(TempRepository repo, string runName)
    {
        var result = await RunAsync(repo.Path, "status", runName, "--output", "json", "--state-dir", repo.StateDir);
        Assert.True(result.ExitCode == 0, $"uet status failed: {result.StandardError}");
        return JsonDocument.Parse(result.StandardOutput).RootElement.GetProperty("run");
    }

    public static Dictionary<string, JsonElement> Workstreams(JsonElement run) =>
        run.GetProperty("workstreams").EnumerateArray().ToDictionary(w => w.GetProperty("id").GetString()!);

    /// <summary>Polls until <paramref name="condition"/> holds or the deadline passes; no fixed sleeps.</summary>
    public static async Task<T> PollAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan deadline, string what)
    {
        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            var value = await probe();
            if (condition(value))
            {
                return value;
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"timed out after {deadline} waiting for {what}");
            }

            await Task.Delay(100);
        }
    }
}
