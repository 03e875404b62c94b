using Uet.Domain.Costs;

namespace Uet.Cost;

/// <summary>How the Cost service consumes and where its prices come from.</summary>
public sealed class CostOptions
{
    /// <summary>The environment variable naming a price file when neither the options nor the configuration do.</summary>
    public const string PriceFileVariable = "UET_PRICES";

    /// <summary>Queue name of the Cost endpoint.</summary>
    public string EndpointName { get; set; } = "cost";

    /// <summary>Runs handled at once by this process; one run's messages are always handled one at a time, in order.</summary>
    public int Partitions { get; set; } = 8;

    /// <summary>Retries of a message whose transaction failed (SQLite stayed busy, the database is away), backing off (DatabaseRetry).</summary>
    public int RetryLimit { get; set; } = Uet.Persistence.DatabaseRetry.DefaultLimit;

    /// <summary>
    /// A JSON price file applied over the built-in table (format: docs/costs.md). When null: configuration key
    /// <c>Cost:Prices:File</c>, else the <c>UET_PRICES</c> environment variable, else none.
    /// </summary>
    public string? PriceFile { get; set; }

    /// <summary>Changes applied last, over the file and the <c>Cost:Prices</c> configuration section (for hosts and tests).</summary>
    public PriceOverrides? Prices { get; set; }
}
