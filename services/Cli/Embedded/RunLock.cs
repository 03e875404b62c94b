namespace Uet.Cli.Embedded;

/// <summary>
/// Marks a run as hosted by a live process, so a second <c>uet resume</c> cannot host the same run twice.
/// The OS releases the lock when the process dies (even on kill -9), which is what lets resume take over.
/// </summary>
internal sealed class RunLock : IDisposable
{
    private readonly FileStream _stream;

    private RunLock(FileStream stream) => _stream = stream;

    public static RunLock? TryAcquire(StateDirectory state, string runName)
    {
        var path = LockPath(state, runName);
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            using (var writer = new StreamWriter(stream, leaveOpen: true))
            {
                writer.Write(Environment.ProcessId);
            }

            stream.Flush(flushToDisk: true);
            return new RunLock(stream);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>True when another live process hosts the run.</summary>
    public static bool IsHeld(StateDirectory state, string runName)
    {
        using var probe = TryAcquire(state, runName);
        return probe is null;
    }

    private static string LockPath(StateDirectory state, string runName) => Path.Combine(state.LocksDirectory, runName + ".lock");

    public void Dispose() => _stream.Dispose();
}
