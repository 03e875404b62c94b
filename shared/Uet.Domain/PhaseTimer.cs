namespace Uet.Domain;

// TEMPORARY profiling aid (removed before the end).
internal static class PhaseTimer
{
    private static readonly bool On = Environment.GetEnvironmentVariable("UET_TIMING") is not null;
    private static long _wall = System.Diagnostics.Stopwatch.GetTimestamp();
    private static TimeSpan _cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
    private static int _gc = GC.CollectionCount(0);

    public static void Mark(string what)
    {
        if (!On) return;
        var wall = System.Diagnostics.Stopwatch.GetTimestamp();
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var gc = GC.CollectionCount(0);
        Console.Error.WriteLine($"  {what,-16} wall {System.Diagnostics.Stopwatch.GetElapsedTime(_wall, wall).TotalMilliseconds,7:F0} cpu {(cpu - _cpu).TotalMilliseconds,7:F0} gcs {gc - _gc}");
        _wall = wall; _cpu = cpu; _gc = gc;
    }
}
