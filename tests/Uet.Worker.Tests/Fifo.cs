using System.Diagnostics;

namespace Uet.Worker.Tests;

/// <summary>A named pipe a tool blocks on (<c>cat fifo</c>) until the test releases it: a gate without sleeps.</summary>
internal sealed class Fifo
{
    private Fifo(string path) => Path = path;

    public string Path { get; }

    public static Fifo Create(string directory, string name)
    {
        var path = System.IO.Path.Combine(directory, name);
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        if (mkfifo.ExitCode != 0)
        {
            throw new InvalidOperationException($"mkfifo {path} failed");
        }

        return new Fifo(path);
    }

    /// <summary>A shell task that waits for <see cref="Release"/>.</summary>
    public string WaitTask => $"cat '{Path}' > /dev/null";

    /// <summary>Opening for writing blocks until the tool has opened it for reading, so release on a background thread.</summary>
    public Task Release() => Task.Run(() => File.WriteAllText(Path, "go\n"));
}
