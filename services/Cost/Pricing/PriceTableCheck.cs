using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using Uet.Domain.Costs;

namespace Uet.Cost.Pricing;

/// <summary>Builds the price table when the host starts, so a bad price file stops the start-up, not the first report.</summary>
internal sealed class PriceTableCheck(PriceTable prices, ILogger<PriceTableCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation(
            "Price table: {Models} models, {Aliases} aliases, fallback {Fallback}",
            prices.Entries.Count, prices.Aliases.Count, prices.FallbackEntry ?? "none (unknown models are unpriced)");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
