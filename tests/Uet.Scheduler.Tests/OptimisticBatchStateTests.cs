using Uet.Persistence.Sagas;
using Uet.Scheduler.Model;

namespace Uet.Scheduler.Tests;

/// <summary>What decides whether a saga batch may apply before locking: the cached Version, contention, recent message ids.</summary>
public sealed class OptimisticBatchStateTests
{
    [Fact]
    public void A_cached_instance_offers_its_Version_until_a_batch_on_it_loses_then_the_next_batches_lock_first()
    {
        var cache = new SagaInstanceCache<RunState>();
        var id = Guid.NewGuid();
        Assert.Null(cache.OptimisticVersion(id));

        cache.CheckIn(new RunState { CorrelationId = id, Version = 7 });
        Assert.Equal(7, cache.OptimisticVersion(id));

        cache.MarkContended(id);
        cache.CheckIn(new RunState { CorrelationId = id, Version = 9 });
        for (var i = 0; i < SagaInstanceCache<RunState>.ContendedBatches; i++)
        {
            Assert.Null(cache.OptimisticVersion(id));
        }
        Assert.Equal(9, cache.OptimisticVersion(id));
    }

    [Fact]
    public void Recently_handled_messages_keep_the_newest_ids_and_forget_the_oldest()
    {
        var handled = new RecentlyHandledMessages<RunState>();
        var ids = Enumerable.Range(0, 5000).Select(_ => Guid.NewGuid()).ToList();
        foreach (var id in ids)
        {
            handled.Add(id);
        }
        handled.Add(ids[^1]); // again: no second entry

        Assert.False(handled.Contains(ids[0]));
        Assert.False(handled.Contains(ids[5000 - 4097]));
        Assert.True(handled.Contains(ids[5000 - 4096]));
        Assert.True(handled.Contains(ids[^1]));
        Assert.False(handled.Contains(Guid.NewGuid()));
    }
}
