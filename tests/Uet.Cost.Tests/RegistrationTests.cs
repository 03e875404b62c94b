using MassTransit;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

using Uet.Cost.Persistence;
using Uet.Domain.Costs;
using Uet.Persistence;

namespace Uet.Cost.Tests;

public sealed class RegistrationTests
{
    [Fact]
    public async Task A_bad_price_file_stops_the_start_up_with_its_message()
    {
        var file = Path.Combine(Path.GetTempPath(), "uet-cost-bad-" + Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(file, """{ "models": { "m": { "input": 1 } } }""");
        try
        {
            await using var provider = new ServiceCollection()
                .AddLogging()
                .AddMassTransit(x => x.AddCost(o => o.PriceFile = file))
                .BuildServiceProvider();

            var error = Assert.Throws<PriceTableException>(() => provider.GetServices<IHostedService>().ToList());

            Assert.Contains(file, error.Message, StringComparison.Ordinal);
            Assert.Contains("missing output price", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_registered_estimator_uses_the_configured_table()
    {
        await using var provider = new ServiceCollection()
            .AddLogging()
            .AddMassTransit(x => x.AddCost(o => o.Prices = new PriceOverrides { Models = new Dictionary<string, ModelPrice?> { ["fake-model"] = ModelPrice.PerMillion(10m, 20m) } }))
            .BuildServiceProvider();

        var estimate = provider.GetRequiredService<CostEstimator>().Estimate(
            new Uet.Contracts.Plans.WorkstreamSpec { Id = "ws-a", EstimatedContextTokens = 1000 },
            Uet.Domain.ToolCatalog.BuiltIn(Uet.Domain.ToolCatalog.FakeAgent)!);

        Assert.Equal(0.01m, estimate.CostUsd);
    }

    [Theory]
    [InlineData("Data Source=unused.db")]
    [InlineData("Host=localhost;Database=unused")]
    public void The_checked_in_migrations_match_the_model(string connectionString)
    {
        // No connection is opened: the model is compared with the migrations' snapshot.
        using var db = new CostDbContextFactory(new PersistenceOptions { ConnectionString = connectionString }).CreateDbContext();

        Assert.False(db.Database.HasPendingModelChanges(), $"{db.GetType().Name}: the model changed without a migration (see services/Cost/README.md).");
    }
}
