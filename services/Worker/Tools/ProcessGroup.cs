using System.Runtime.InteropServices;

namespace Uet.Worker.Tools;

/// <summary>
/// Tools are started by <c>setsid</c>, so each is the leader of its own process group; killing the group
/// also reaches whatever the tool started in the background, which a kill of the process tree can miss.
/// </summary>
internal static class ProcessGroup
{
    private const int SigKill = 9;
    private const int Eperm = 1;

    public static readonly string? SetsidPath = FindOnPath("setsid");

    public static void Kill(int pgid)
    {
        if (pgid > 1 && !OperatingSystem.IsWindows())
        {
            // ESRCH (group already gone) is the normal case after a clean exit.
            _ = kill(-pgid, SigKill);
        }
    }

    /// <summary>True while a process with this id exists (it may belong to another user).</summary>
    public static bool Exists(int pid)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("process groups need a Unix system");
        }

        return kill(pid, 0) == 0 || Marshal.GetLastPInvokeError() == Eperm;
    }

    /// <summary>True once the process has exited (gone or a zombie), read from /proc where it exists.</summary>
    public static bool HasExited(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        try
        {
            var text = File.ReadAllText(stat);
            var afterName = text.LastIndexOf(')');
            return afterName < 0 || afterName + 2 >= text.Length || text[afterName + 2] is 'Z' or 'X';
        }
        catch (IOException)
        {
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
