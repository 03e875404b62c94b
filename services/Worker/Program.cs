using MassTransit;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

using Uet.Worker;
using Uet.Worker.Tools;

if (args.Length > 0 && args[0] == "fake-agent")
{
    return FakeAgent.Run(args[1..], Console.Out, Console.Error, Directory.GetCurrentDirectory());
}

// A minimal stand-alone host on the in-memory transport; the shared hosting set-up (RabbitMQ, telemetry) replaces it.
var builder = Host.CreateApplicationBuilder(args);
var options = new WorkerOptions();
builder.Configuration.GetSection("Worker").Bind(options);
builder.Services.AddWorkerServices(options);
builder.Services.AddMassTransit(x =>
{
    x.AddWorker(options);
    x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
});
await builder.Build().RunAsync();
return 0;
