using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using Uet.Cost;
using Uet.Cost.Persistence;
using Uet.Domain.Costs;
using Uet.Hosting;

// The Cost service as its own process: the ledger on PostgreSQL (UET_POSTGRES, schema "cost") or a SQLite file in
// UET_DATA_DIR. Prices (docs/costs.md): the built-in table, then the JSON file named by UET_PRICES, then the
// Cost:Prices configuration section (e.g. Cost__Prices__Models__my-model__Input=2). Any number may run: a run's
// writes are serialised by a row lock, and a report is counted once whichever replica gets it.
return await UetServiceHost.RunAsync("cost", args, async (settings, argv) =>
{
    var builder = UetServiceHost.CreateBuilder(settings, argv);
    builder.Services.AddCostPersistence(settings.Persistence());
    builder.Services.AddHealthChecks().AddDatabase<CostDbContext>("cost-database");
    builder.Services.AddUetBus(settings.RabbitMq, bus => bus.AddCost(o => o.PriceFile = settings.GetString(CostOptions.PriceFileVariable)));

    var app = builder.BuildService();
    try
    {
        // Built now, so that a bad price file is a configuration error rather than a failure of the first report.
        _ = app.Services.GetRequiredService<PriceTable>();
    }
    catch (PriceTableException e)
    {
        // One line and exit code 2, like any other bad setting.
        throw new ServiceConfigurationException(CostOptions.PriceFileVariable + " / Cost:Prices", settings.GetString(CostOptions.PriceFileVariable) ?? "", "a valid price table (docs/costs.md); " + e.Message.TrimEnd('.'));
    }

    var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Uet.Cost");
    await StartupRetry.RunAsync("Cost database migration", logger, ct => CostDatabase.MigrateAsync(app.Services, ct));
    await app.RunAsync();
});
