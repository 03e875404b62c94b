using Uet.Hosting;
using Uet.Planner;

// The Planner as its own process: configured by the environment (docs/deployment.md), on RabbitMQ when UET_RABBITMQ is set.
return await UetServiceHost.RunAsync("planner", args, async (settings, argv) =>
{
    var builder = UetServiceHost.CreateBuilder(settings, argv);
    builder.Services.AddUetBus(settings.RabbitMq, bus => bus.AddPlanner());
    await builder.BuildService().RunAsync();
});
