using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using Uet.Gateway.Hosting;
using Uet.Hosting;

// The API gateway as its own process (docs/api.md, docs/deployment.md): the HTTP API, the live event stream and the
// dashboard at UET_GATEWAY_URL (default http://127.0.0.1:5100). On a cluster (UET_RABBITMQ and UET_POSTGRES) it only
// fronts the other services; with no UET_RABBITMQ it hosts all of them in this process.
return await UetServiceHost.RunAsync("gateway", args, async (settings, argv) =>
{
    var app = GatewayHost.Build(settings, argv);
    await GatewayHost.PrepareAsync(app);
    var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Uet.Gateway");
    var allInOne = app.Services.GetRequiredService<GatewayMode>().AllInOne;
    app.Lifetime.ApplicationStarted.Register(() => logger.LogInformation(
        "API and dashboard at {Urls} ({Mode})", string.Join(", ", app.Urls),
        allInOne ? "all services in this process" : "gateway of the cluster"));
    await app.RunAsync();
});
