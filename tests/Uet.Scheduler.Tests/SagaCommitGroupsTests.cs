using Uet.Persistence.Sagas;

namespace Uet.Scheduler.Tests;

/// <summary>
/// Group commit on its own: who leads, what goes in a batch, and how failures reach the messages. The batches here
/// are recorded instead of written; <see cref="RepositoryTests"/> runs the same queues against real databases.
/// </summary>
public sealed class SagaCommitGroupsTests
{
    private static readonly Guid Run = Guid.NewGuid();

    [Fact]
    public async Task Messages_that_queue_behind_a_running_batch_go_in_the_next_one_in_arrival_order()
    {
        var groups = new SagaCommitGroups(maxBatch: 64);
        var writer = new BatchWriter();
        var first = Start(groups, writer, Run, 1);
        await writer.FirstBatchStarted;
        var rest = new List<Task>();
        for (var i = 2; i <= 5; i++)
        {
            rest.Add(Start(groups, writer, Run, i));
            await UntilAsync(() => groups.Waiting(Run) == i);
        }

        writer.Release();
        await Task.WhenAll(rest.Prepend(first));

        Assert.Equal([[1], [2, 3, 4, 5]], writer.Batches);
        Assert.Equal(0, groups.Waiting(Run));
    }

    [Fact]
    public async Task A_batch_takes_at_most_max_batch_messages()
    {
        var groups = new SagaCommitGroups(maxBatch: 2);
        var writer = new BatchWriter();
        var all = new List<Task> { Start(groups, writer, Run, 1) };
        await writer.FirstBatchStarted;
        for (var i = 2; i <= 5; i++)
        {
            all.Add(Start(groups, writer, Run, i));
            await UntilAsync(() => groups.Waiting(Run) == i);
        }

        writer.Release();
        await Task.WhenAll(all);

        Assert.Equal([[1], [2, 3], [4, 5]], writer.Batches);
    }

    [Fact]
    public async Task A_failed_batch_fails_its_own_messages_and_the_next_batch_still_commits()
    {
        var groups = new SagaCommitGroups(maxBatch: 64);
        var writer = new BatchWriter { FailFirst = true };
        var first = Start(groups, writer, Run, 1);
        await writer.FirstBatchStarted;
        // One after the other, so that they queue in a known order (two Task.Runs at once may arrive either way).
        var second = Start(groups, writer, Run, 2);
        await UntilAsync(() => groups.Waiting(Run) == 2);
        var third = Start(groups, writer, Run, 3);
        await UntilAsync(() => groups.Waiting(Run) == 3);

        writer.Release();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => first);
        Assert.Equal("batch 1 failed", error.Message);
        await Task.WhenAll(second, third);
        Assert.Equal([[1], [2, 3]], writer.Batches);
    }

    [Fact]
    public async Task Another_instance_does_not_wait_for_a_busy_one()
    {
        var groups = new SagaCommitGroups(maxBatch: 64);
        var writer = new BatchWriter();
        var blocked = Start(groups, writer, Run, 1);
        await writer.FirstBatchStarted;

        await Start(groups, writer, Guid.NewGuid(), 2);

        Assert.False(blocked.IsCompleted);
        writer.Release();
        await blocked;
        Assert.Equal([[1], [2]], writer.Batches.OrderBy(b => b[0]));
    }

    private static Task Start(SagaCommitGroups groups, BatchWriter writer, Guid key, int id) =>
        Task.Run(() => groups.RunAsync(key, new Numbered(id), writer.WriteAsync));

    private static async Task UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 10 s");
            await Task.Delay(5);
        }
    }

    private sealed class Numbered(int id) : GroupedMessage
    {
        public int Id { get; } = id;
    }

    /// <summary>Records each batch; the first one waits for <see cref="Release"/>, as a transaction waits for a lock.</summary>
    private sealed class BatchWriter
    {
        private readonly TaskCompletionSource _firstStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Lock _lock = new();

        public bool FailFirst { get; init; }

        public List<int[]> Batches { get; } = [];

        public Task FirstBatchStarted => _firstStarted.Task;

        public void Release() => _release.TrySetResult();

        public async Task WriteAsync(IReadOnlyList<GroupedMessage> batch)
        {
            bool first;
            lock (_lock)
            {
                first = Batches.Count == 0;
                Batches.Add(batch.Cast<Numbered>().Select(m => m.Id).ToArray());
            }
            if (first)
            {
                _firstStarted.TrySetResult();
                await _release.Task;
                if (FailFirst)
                {
                    foreach (var m in batch)
                    {
                        m.Fail(new InvalidOperationException("batch 1 failed"));
                    }
                    return;
                }
            }
            foreach (var m in batch)
            {
                m.Succeed();
            }
        }
    }
}
