using Uet.Hosting;
using Uet.Integration;

// The Integration service as its own process (docs/deployment.md). With UET_HUB it merges in its clone cache of the
// hub and pushes there; without, into the repository each run names. Scratch worktrees and the cache go under UET_DATA_DIR.
return await UetServiceHost.RunAsync("integration", args, async (settings, argv) =>
{
    var builder = UetServiceHost.CreateBuilder(settings, argv);
    builder.Services.AddUetBus(settings.RabbitMq, bus => bus.AddIntegration(o =>
    {
        o.ScratchRoot = Path.Combine(settings.DataDir, "scratch");
        o.Hub = settings.Hub;
        o.HubCache = Path.Combine(settings.DataDir, "hub.git");
    }));
    await builder.BuildService().RunAsync();
});
