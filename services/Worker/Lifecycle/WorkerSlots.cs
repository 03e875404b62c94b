namespace Uet.Worker.Lifecycle;

/// <summary>The worker's slots, numbered from 1; a slot's number names the worktree it reuses.</summary>
public sealed class WorkerSlots
{
    private readonly SemaphoreSlim _free;
    private readonly bool[] _busy;
    private readonly Lock _lock = new();

    public WorkerSlots(WorkerOptions options)
    {
        _busy = new bool[options.Slots];
        _free = new SemaphoreSlim(options.Slots, options.Slots);
    }

    public int Count => _busy.Length;

    public int Busy
    {
        get
        {
            lock (_lock)
            {
                return _busy.Count(b => b);
            }
        }
    }

    /// <summary>Waits for a free slot and returns its number and how many slots are busy now.</summary>
    public async Task<(int Slot, int Busy)> AcquireAsync(CancellationToken ct)
    {
        await _free.WaitAsync(ct);
        lock (_lock)
        {
            var index = Array.IndexOf(_busy, false);
            _busy[index] = true;
            return (index + 1, _busy.Count(b => b));
        }
    }

    /// <summary>Frees a slot and returns how many slots are still busy.</summary>
    public int Release(int slot)
    {
        int busy;
        lock (_lock)
        {
            _busy[slot - 1] = false;
            busy = _busy.Count(b => b);
        }

        _free.Release();
        return busy;
    }
}
