using Spectre.Console;
using Spectre.Console.Rendering;

using Uet.Cli.Output;
using Uet.Scheduler.Queries;

namespace Uet.Cli.Progress;

/// <summary>
/// Shows a run as it goes: a live table on a terminal, one plain line per change when output is piped
/// (so logs and CI output stay readable).
/// </summary>
internal sealed class RunRenderer(ICliConsole cli, TimeProvider time)
{
    private readonly Dictionary<string, (string State, int Attempt)> _seen = new(StringComparer.Ordinal);
    private string? _runState;
    private string? _budgetNotice;

    private readonly IAnsiConsole console = cli.Ansi;

    public bool Interactive => cli.IsRich;

    /// <summary>
    /// Polls <paramref name="load"/> until the run is final (or <paramref name="abandon"/> says the run can no longer
    /// progress, e.g. its hosting process died); returns the last snapshot. Once <paramref name="wake"/> completes (the
    /// run's end was seen), it polls again at once and then every <see cref="AfterWake"/>.
    /// </summary>
    public async Task<RunDetails?> FollowAsync(
        Func<CancellationToken, Task<RunDetails?>> load,
        TimeSpan interval,
        CancellationToken ct,
        Func<RunDetails, bool>? abandon = null,
        Task? wake = null)
    {
        abandon ??= _ => false;
        wake ??= Task.Delay(Timeout.Infinite, ct);
        if (!Interactive)
        {
            return await FollowPlainAsync(load, interval, abandon, wake, ct);
        }

        RunDetails? last = null;
        await console.Live(new Markup("[grey]waiting for the run…[/]"))
            .AutoClear(false)
            .StartAsync(async live =>
            {
                while (!ct.IsCancellationRequested)
                {
                    last = await load(ct) ?? last;
                    if (last is not null)
                    {
                        live.UpdateTarget(BuildView(last));
                        if (last.IsFinal() || abandon(last))
                        {
                            return;
                        }
                    }

                    await WaitAsync(interval, wake, ct);
                }
            });
        return last;
    }

    private async Task<RunDetails?> FollowPlainAsync(
        Func<CancellationToken, Task<RunDetails?>> load,
        TimeSpan interval,
        Func<RunDetails, bool> abandon,
        Task wake,
        CancellationToken ct)
    {
        RunDetails? last = null;
        while (!ct.IsCancellationRequested)
        {
            last = await load(ct) ?? last;
            if (last is not null)
            {
                PrintChanges(last);
                if (last.IsFinal() || abandon(last))
                {
                    break;
                }
            }

            await WaitAsync(interval, wake, ct);
        }

        return last;
    }

    /// <summary>How often a view polls after it was woken: the end's state is committed by then, so this is a fallback.</summary>
    private static readonly TimeSpan AfterWake = TimeSpan.FromMilliseconds(10);

    private async Task WaitAsync(TimeSpan interval, Task wake, CancellationToken ct)
    {
        try
        {
            if (wake.IsCompleted)
            {
                await Task.Delay(AfterWake, time, ct);
            }
            else
            {
                await Task.WhenAny(Task.Delay(interval, time, ct), wake);
                ct.ThrowIfCancellationRequested();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void PrintChanges(RunDetails run)
    {
        var now = time.GetLocalNow().ToString("HH:mm:ss");
        if (_runState != run.State)
        {
            _runState = run.State;
            console.WriteLine($"{now} run {run.RunName} {run.State}{(run.Reason is { Length: > 0 } r ? ": " + r : "")}");
        }

        // A budget warning (or exceeded, or a workstream held back) once, when it appears; a halt's reason says it already.
        if (run.Budget?.Notice is { Length: > 0 } notice && notice != _budgetNotice)
        {
            _budgetNotice = notice;
            if (notice != run.Reason)
            {
                console.WriteLine($"{now} {notice}");
            }
        }

        foreach (var ws in run.Workstreams)
        {
            if (_seen.TryGetValue(ws.Id, out var seen) && seen == (ws.State, ws.Attempt))
            {
                continue;
            }

            _seen[ws.Id] = (ws.State, ws.Attempt);
            if (ws.State == "PENDING")
            {
                continue;
            }

            var detail = ws.State is "FAILED" or "CANCELLED" && ws.Error is { Length: > 0 } e ? ": " + e : "";
            console.WriteLine($"{now} {ws.Id,-28} {ws.State,-12} attempt {ws.Attempt}{detail}");
        }
    }

    /// <summary>The live view: the table, and under it the run's last budget event if there is one.</summary>
    public IRenderable BuildView(RunDetails run) =>
        run.Budget?.Notice is { Length: > 0 } notice
            ? new Rows(BuildTable(run), new Markup($"[yellow]{Markup.Escape(notice)}[/]"))
            : BuildTable(run);

    public Table BuildTable(RunDetails run)
    {
        var now = time.GetUtcNow();
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"run [bold]{Markup.Escape(run.RunName)}[/] — {StateMarkup(run.State)}")
            .AddColumn("workstream").AddColumn("state").AddColumn(new TableColumn("attempt").RightAligned())
            .AddColumn(new TableColumn("elapsed").RightAligned()).AddColumn("detail");
        foreach (var ws in run.Workstreams)
        {
            var elapsed = ws.StartedAt is { } s ? Format((ws.FinishedAt ?? now) - s) : "";
            var detail = ws.Error ?? (ws.Commit is { Length: >= 10 } c ? c[..10] : "");
            table.AddRow(
                Markup.Escape(ws.Id),
                StateMarkup(ws.State),
                ws.Attempt == 0 ? "" : ws.Attempt.ToString(),
                elapsed,
                Markup.Escape(Truncate(detail, 60)));
        }

        table.Caption(Summary(run));
        return table;
    }

    public static string Summary(RunDetails run)
    {
        var done = run.Count("DONE");
        var parts = new List<string> { $"{done}/{run.Workstreams.Count} done" };
        foreach (var state in new[] { "RUNNING", "INTEGRATING", "FAILED", "SKIPPED", "CANCELLED" })
        {
            var n = run.Count(state);
            if (n > 0)
            {
                parts.Add($"{n} {state.ToLowerInvariant()}");
            }
        }

        return string.Join(", ", parts);
    }

    public static string Format(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:00}m" : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m{t.Seconds:00}s" : $"{t.TotalSeconds:0.0}s";

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

    public static string StateMarkup(string state) => state switch
    {
        "DONE" or "Completed" => $"[green]{state}[/]",
        "RUNNING" or "INTEGRATING" or "SUCCEEDED" or "Running" => $"[blue]{state}[/]",
        "FAILED" or "Failed" or "Rejected" => $"[red]{state}[/]",
        "CANCELLED" or "SKIPPED" or "Cancelled" or "Halted" or "Cancelling" or "Compensating" or "Failing" => $"[yellow]{state}[/]",
        _ => $"[grey]{state}[/]",
    };
}
