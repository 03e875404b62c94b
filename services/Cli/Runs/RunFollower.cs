using Spectre.Console;

using Uet.Cli.Output;
using Uet.Cli.Progress;
using Uet.Scheduler.Queries;

namespace Uet.Cli.Runs;

/// <summary>
/// Shows a run live until it ends, wherever it runs (this process or a cluster). The first Ctrl+C asks the run to
/// cancel (compensation runs); a second one stops waiting and leaves the run as it is.
/// </summary>
internal static class RunFollower
{
    /// <param name="ended">When the run is hosted here: completes as its end is handled, to show it without waiting for the next poll.</param>
    public static async Task<RunDetails?> FollowAsync(ICliConsole cli, RunReader reader, string runName, Func<string, Task> requestCancel, TimeProvider time, Task? ended = null)
    {
        using var abandon = new CancellationTokenSource();
        var interrupts = 0;
        var console = cli.Ansi;
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            if (Interlocked.Increment(ref interrupts) == 1)
            {
                console.WriteLine("Cancelling the run (compensation runs; press Ctrl+C again to stop waiting)…");
                _ = requestCancel("interrupted from the terminal (Ctrl+C)");
            }
            else
            {
                abandon.Cancel();
            }
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var renderer = new RunRenderer(cli, time);
            RunDetails? last = null;
            var outageReported = false;
            async Task<RunDetails?> LoadAsync(CancellationToken c)
            {
                try
                {
                    last = await reader.GetAsync(runName, c);
                    outageReported = false;
                }
                catch (Exception e) when (e is System.Data.Common.DbException || e.InnerException is System.Data.Common.DbException)
                {
                    // The database is away for a moment (a restart, a fail-over): the run goes on without us; keep looking.
                    if (!outageReported)
                    {
                        console.MarkupLine("[yellow]the run's database does not answer; still waiting for it[/]");
                        outageReported = true;
                    }
                }

                return last;
            }

            return await renderer.FollowAsync(LoadAsync, TimeSpan.FromMilliseconds(200), abandon.Token, wake: ended);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
