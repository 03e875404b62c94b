using System.Text;

namespace Uet.Worker.Tools;

/// <summary>
/// The log of one attempt: every process's output and a header per step, appended as it happens so that
/// <c>tail -f</c> works. Stdout and stderr arrive on different threads, hence the lock.
/// </summary>
internal sealed class AttemptLog : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();

    private AttemptLog(string path, StreamWriter writer, TimeProvider time)
    {
        Path = path;
        _writer = writer;
        _time = time;
    }

    public string Path { get; }

    public static AttemptLog Open(string path, TimeProvider time)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        return new AttemptLog(path, new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true }, time);
    }

    public void Step(string text) => Write($"== {_time.GetUtcNow():HH:mm:ss.fff} {text}");

    public void Write(string line)
    {
        lock (_lock)
        {
            _writer.WriteLine(line);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _writer.Dispose();
        }
    }
}
