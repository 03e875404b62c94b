using System.Globalization;

namespace Uet.Bench.Cluster;

/// <summary>
/// CPU time read from /proc: per process (utime + stime of /proc/&lt;pid&gt;/stat) and for the whole machine (the busy
/// part of /proc/stat), so a throughput figure can say which process spent the machine's two cores.
/// </summary>
internal static class CpuTime
{
    // /proc reports in USER_HZ, which the kernel fixes at 100 for user space.
    private const double MsPerTick = 10;

    public static double ProcessMs(int? pid)
    {
        var path = $"/proc/{pid}/stat";
        if (pid is null || !File.Exists(path))
        {
            return double.NaN;
        }

        // Fields after the command name, which may itself hold spaces and parentheses: state is field 3, utime 14, stime 15.
        var text = File.ReadAllText(path);
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * MsPerTick;
    }

    /// <summary>Busy CPU time of every core together: all but idle and iowait.</summary>
    public static double MachineBusyMs()
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return (cpu.Take(8).Sum() - cpu[3] - cpu[4]) * MsPerTick;
    }
}
