using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

using Uet.Hosting;
using Uet.Worker;
using Uet.Worker.Tools;

if (args.Length > 0 && args[0] == "fake-agent")
{
    return FakeAgent.Run(args[1..], Console.Out, Console.Error, Directory.GetCurrentDirectory());
}

// A worker replica as its own process (docs/deployment.md): competes with the others for ExecuteWorkstream, keeps its
// worktrees, logs and its clone cache of the hub (UET_HUB) in UET_DATA_DIR, and on SIGTERM drains (finishes what it holds, takes nothing new).
return await UetServiceHost.RunAsync("worker", args, async (settings, argv) =>
{
    var options = new WorkerOptions
    {
        WorkerId = settings.GetString("UET_WORKER_ID") ?? WorkerOptions.DefaultWorkerId(),
        Slots = settings.GetInt("UET_WORKER_SLOTS", 1),
        DataDir = settings.DataDir,
        Hub = settings.Hub,
        // Below the Scheduler's lease (UET_LEASE_SECONDS, 30 s by default), or live attempts would be taken for lost ones.
        HeartbeatInterval = TimeSpan.FromSeconds(settings.GetInt("UET_HEARTBEAT_SECONDS", 5)),
    };
    var builder = UetServiceHost.CreateBuilder(settings, argv);
    builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(settings.GetInt("UET_DRAIN_SECONDS", 600)));
    builder.Services.AddWorkerServices(options);
    builder.Services.AddUetBus(settings.RabbitMq, bus => bus.AddWorker(options));
    await builder.BuildService().RunAsync();
});
