using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

using Uet.Contracts;
using Uet.Cost.Ledger;
using Uet.Cost.Persistence;
using Uet.Cost.Queries;
using Uet.Domain.Costs;

namespace Uet.Cost.Tests.Infrastructure;

/// <summary>The ledger on a real, migrated database, without a bus: what it records and what it would publish.</summary>
internal sealed class LedgerHarness : IDisposable
{
    private readonly TestDatabase _database;

    private LedgerHarness(TestDatabase database, PriceTable prices)
    {
        _database = database;
        Contexts = new CostDbContextFactory(database.Options);
        Ledger = new CostLedger(Contexts, prices, Clock, NullLogger<CostLedger>.Instance);
        Queries = new CostQueries(Contexts);
    }

    public FakeTimeProvider Clock { get; } = new(Messages.Now);

    public CostDbContextFactory Contexts { get; }

    public CostLedger Ledger { get; }

    public CostQueries Queries { get; }

    public Uet.Persistence.PersistenceOptions Options => _database.Options;

    public static async Task<LedgerHarness> CreateAsync(string provider, PriceTable? prices = null) =>
        new(await TestDatabase.CreateAsync(provider), prices ?? PriceTable.Default);

    /// <summary>A second ledger on the same database, as another process would have.</summary>
    public CostLedger OtherProcess() => new(new CostDbContextFactory(_database.Options), Ledger.Prices, Clock, NullLogger<CostLedger>.Instance);

    public async Task<UsageOutcome> RecordAsync(UsageReported report) => await Ledger.RecordAsync(report);

    /// <summary>Records the reports in order and returns every event they caused.</summary>
    public async Task<List<object>> RecordAllAsync(params UsageReported[] reports)
    {
        var events = new List<object>();
        foreach (var report in reports)
        {
            events.AddRange((await Ledger.RecordAsync(report)).Events.Select(e => e.Message));
        }
        return events;
    }

    public void Dispose() => _database.Dispose();
}
