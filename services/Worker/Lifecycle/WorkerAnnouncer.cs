using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Uet.Worker.Lifecycle;

/// <summary>Re-announces the replica's state every <see cref="WorkerOptions.StatusInterval"/>, so its registry entry stays fresh while it lives.</summary>
internal sealed class WorkerAnnouncer(WorkerStatusReporter status, WorkerOptions options, TimeProvider time, ILogger<WorkerAnnouncer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.StatusInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await status.AnnounceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogDebug("Status announcement not published (the next tick tries again): {Error}", e.Message);
            }
        }
    }
}
