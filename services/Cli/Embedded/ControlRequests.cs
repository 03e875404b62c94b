using MassTransit;

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using Uet.Contracts;

namespace Uet.Cli.Embedded;

/// <summary>
/// How another terminal reaches a run hosted in-process: it drops a request file into the state dir, and the
/// hosting process turns it into the bus message. (In distributed mode the CLI publishes to the broker instead.)
/// </summary>
internal static class ControlRequests
{
    public static void RequestCancel(StateDirectory state, string runName, string reason)
    {
        state.EnsureCreated();
        var temp = Path.Combine(state.ControlDirectory, $".{runName}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(temp, reason);
        File.Move(temp, Path.Combine(state.ControlDirectory, runName + ".cancel"), overwrite: true);
    }

    internal static IEnumerable<(string RunName, string Reason, string Path)> Pending(StateDirectory state)
    {
        if (!Directory.Exists(state.ControlDirectory))
        {
            yield break;
        }

        foreach (var file in Directory.EnumerateFiles(state.ControlDirectory, "*.cancel"))
        {
            string reason;
            try
            {
                reason = File.ReadAllText(file);
            }
            catch (IOException)
            {
                continue;
            }

            yield return (System.IO.Path.GetFileNameWithoutExtension(file), reason, file);
        }
    }
}

/// <summary>Polls the control folder of the state dir and publishes <see cref="CancelRun"/> for runs this process hosts.</summary>
internal sealed class ControlRequestWatcher(
    StateDirectory state,
    HostedRuns hostedRuns,
    IBus bus,
    TimeProvider time,
    ILogger<ControlRequestWatcher> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var (runName, reason, path) in ControlRequests.Pending(state))
            {
                if (!hostedRuns.Contains(runName))
                {
                    continue;
                }

                logger.LogInformation("Cancel requested for run {Run}: {Reason}", runName, reason);
                await bus.Publish(new CancelRun(Naming.RunIdFor(runName), reason), stoppingToken);
                File.Delete(path);
            }
        }
    }
}

/// <summary>The runs this process hosts (one for <c>uet run</c>/<c>uet resume</c>).</summary>
internal sealed class HostedRuns
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public void Add(string runName)
    {
        lock (_gate)
        {
            _names.Add(runName);
        }
    }

    public bool Contains(string runName)
    {
        lock (_gate)
        {
            return _names.Contains(runName);
        }
    }
}
