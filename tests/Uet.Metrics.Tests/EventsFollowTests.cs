using System.Collections.Concurrent;
using System.Text;

using CliWrap;

using Uet.Contracts;
using Uet.Metrics.Store;
using Uet.Metrics.Tests.Infrastructure;
using Uet.Persistence;

namespace Uet.Metrics.Tests;

/// <summary><c>uet events --follow</c> as a process: prints what is recorded after it started, and ends cleanly on Ctrl+C (SIGINT).</summary>
public sealed class EventsFollowTests
{
    [Fact]
    public async Task Follow_prints_new_events_as_they_are_stored_until_interrupted()
    {
        var stateDir = Path.Combine(Path.GetTempPath(), "uet-metrics-follow-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var factory = new MetricsDbContextFactory(PersistenceOptions.ForStateDirectory(stateDir, "metrics"));
            await MetricsDatabase.MigrateAsync(factory);
            var store = new EventStore(factory, TimeProvider.System);
            var runId = Naming.RunIdFor("follow");
            await store.AppendAsync(Guid.NewGuid(), new RunStarted(runId, "follow", 1, EventSequence.At(1)), null);
            await store.AppendAsync(Guid.NewGuid(), new RunStarted(Guid.NewGuid(), "other", 1, EventSequence.At(1)), null);

            var lines = new ConcurrentQueue<string>();
            var stderr = new StringBuilder();
            using var kill = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var process = CliWrap.Cli.Wrap("dotnet")
                .WithArguments(["exec", Path.Combine(AppContext.BaseDirectory, "uet.dll"), "events", "--run", "follow", "--follow", "--state-dir", stateDir])
                .WithEnvironmentVariables(e => e.Set("NO_COLOR", "1").Set("UET_RABBITMQ", null))
                .WithStandardOutputPipe(PipeTarget.ToDelegate(lines.Enqueue))
                .WithStandardErrorPipe(PipeTarget.ToStringBuilder(stderr))
                .WithValidation(CommandResultValidation.None)
                .ExecuteAsync(kill.Token);

            await WaitForAsync(() => lines.Count >= 1, "the run's first event");
            await store.AppendAsync(Guid.NewGuid(), new WorkstreamStarted(runId, "ws-a", 1, "w1", EventSequence.At(2)), null);
            await store.AppendAsync(Guid.NewGuid(), new WorkstreamStarted(Guid.NewGuid(), "ws-x", 1, "w1", EventSequence.At(2)), null);
            await store.AppendAsync(Guid.NewGuid(), new RunCompleted(runId, "follow", "b", "0123456789abcdef", EventSequence.At(3)), null);
            await WaitForAsync(() => lines.Count >= 3, "the events stored after it started");

            // Ctrl+C: SIGINT to the process (`dotnet exec` runs uet in the host process itself).
            await CliWrap.Cli.Wrap("kill").WithArguments(["-s", "INT", process.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]).ExecuteAsync();
            var result = await process;

            Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {stderr}");
            Assert.Equal(
                [
                    "2026-01-01 00:00:01.000Z  follow  RunStarted                    -  1 workstreams",
                    "2026-01-01 00:00:02.000Z  follow  WorkstreamStarted             ws-a#1  worker w1",
                    "2026-01-01 00:00:03.000Z  follow  RunCompleted                  -  b at 0123456789ab",
                ],
                lines);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(stateDir, recursive: true);
        }
    }

    /// <summary>Polls with a deadline (no fixed sleeps decide the outcome).</summary>
    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }
}
