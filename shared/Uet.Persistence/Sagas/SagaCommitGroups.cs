using System.Collections.Concurrent;

namespace Uet.Persistence.Sagas;

/// <summary>
/// Group commit for one saga instance at a time. Messages for the same instance queue up; one of them leads: it takes
/// everything queued (up to a limit), hands the batch to the repository to apply in one transaction, completes each
/// message with the batch's outcome, and passes the lead to the next waiting message, so no consumer is held longer
/// than its own batch (its outgoing messages leave when it completes). Instances never wait for each other.
/// A run with thousands of workstreams gets its results in bursts; one transaction each was the saga's ceiling.
/// </summary>
public sealed class SagaCommitGroups(int maxBatch)
{
    private readonly ConcurrentDictionary<Guid, Group> _groups = new();
    private readonly ConcurrentDictionary<Guid, int> _waiting = new();

    /// <summary>Messages for <paramref name="key"/> queued or in a batch that has not finished (for tests and diagnostics).</summary>
    public int Waiting(Guid key) => _waiting.TryGetValue(key, out var n) ? n : 0;

    /// <summary>
    /// Queues <paramref name="message"/> for instance <paramref name="key"/> and returns once a batch that contained it
    /// committed (or throws what made it fail). <paramref name="executeBatch"/> applies and commits a batch, and
    /// completes every message in it.
    /// </summary>
    public async Task RunAsync(Guid key, GroupedMessage message, Func<IReadOnlyList<GroupedMessage>, Task> executeBatch)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(executeBatch);
        _waiting.AddOrUpdate(key, 1, (_, n) => n + 1);
        try
        {
            await LeadOrWaitAsync(key, message, executeBatch);
        }
        finally
        {
            if (_waiting.AddOrUpdate(key, 0, (_, n) => n - 1) == 0)
            {
                _waiting.TryRemove(new KeyValuePair<Guid, int>(key, 0));
            }
        }
    }

    private async Task LeadOrWaitAsync(Guid key, GroupedMessage message, Func<IReadOnlyList<GroupedMessage>, Task> executeBatch)
    {
        var (group, lead) = Enqueue(key, message);
        if (!lead && await message.Turn.Task == Role.Done)
        {
            await message.Outcome;
            return;
        }

        // This message leads until the batch holding it is done; then the next one in the queue takes over.
        while (true)
        {
            var batch = group.Take(Math.Max(1, maxBatch));
            try
            {
                await executeBatch(batch);
            }
            catch (Exception e)
            {
                foreach (var m in batch)
                {
                    m.Fail(e);
                }
            }
            if (message.Outcome.IsCompleted)
            {
                HandOver(key, group);
                await message.Outcome;
                return;
            }
        }
    }

    private (Group Group, bool Lead) Enqueue(Guid key, GroupedMessage message)
    {
        while (true)
        {
            var group = _groups.GetOrAdd(key, _ => new Group());
            lock (group)
            {
                if (group.Retired)
                {
                    continue;
                }
                group.Queue.Enqueue(message);
                var lead = !group.Leading;
                group.Leading = true;
                return (group, lead);
            }
        }
    }

    private void HandOver(Guid key, Group group)
    {
        lock (group)
        {
            if (group.Queue.TryPeek(out var next))
            {
                next.Turn.TrySetResult(Role.Lead);
                return;
            }
            group.Leading = false;
            group.Retired = true;
            _groups.TryRemove(new KeyValuePair<Guid, Group>(key, group));
        }
    }

    public enum Role
    {
        Done,
        Lead,
    }

    private sealed class Group
    {
        public Queue<GroupedMessage> Queue { get; } = new();

        public bool Leading { get; set; }

        public bool Retired { get; set; }

        public List<GroupedMessage> Take(int max)
        {
            lock (this)
            {
                var batch = new List<GroupedMessage>(Math.Min(max, Queue.Count));
                while (batch.Count < max && Queue.TryDequeue(out var m))
                {
                    batch.Add(m);
                }
                return batch;
            }
        }
    }
}

/// <summary>One message waiting in a <see cref="SagaCommitGroups"/> queue.</summary>
public abstract class GroupedMessage
{
    private readonly TaskCompletionSource _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal TaskCompletionSource<SagaCommitGroups.Role> Turn { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the batch holding this message committed, or fails with why it did not.</summary>
    public Task Outcome => _outcome.Task;

    public void Succeed()
    {
        _outcome.TrySetResult();
        Turn.TrySetResult(SagaCommitGroups.Role.Done);
    }

    public void Fail(Exception error)
    {
        _outcome.TrySetException(error);
        Turn.TrySetResult(SagaCommitGroups.Role.Done);
    }
}
