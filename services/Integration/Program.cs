using Uet.Hosting;
using Uet.Integration;

// The Integration service as its own process (docs/deployment.md). It merges into the repository each run names;
// scratch worktrees for integration gates go under UET_DATA_DIR.
return await UetServiceHost.RunAsync("integration", args, async (settings, argv) =>
{
    var builder = UetServiceHost.CreateBuilder(settings, argv);
    builder.Services.AddUetBus(settings.RabbitMq, bus => bus.AddIntegration(o => o.ScratchRoot = Path.Combine(settings.DataDir, "scratch")));
    await builder.BuildService().RunAsync();
});
