using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

using Uet.Metrics.Tests.Infrastructure;

namespace Uet.Metrics.Tests;

/// <summary><c>uet run examples/quickstart</c> as a process, then <c>uet report</c>, <c>uet report compare</c> and <c>uet events</c> on what it recorded.</summary>
public sealed class ReportEndToEndTests
{
    [Fact]
    public async Task Quickstart_run_reports_consistent_figures_in_every_format()
    {
        using var repo = await QuickstartRepository.CreateAsync();
        var run = await UetProcess.RunAsync(repo.Repo, "run", QuickstartRepository.Plan, "--run-id", "qs", "--state-dir", repo.StateDir);
        Assert.True(run.ExitCode == 0, run.ToString());

        var json = await UetProcess.RunAsync(repo.Repo, "report", "qs", "--output", "json", "--state-dir", repo.StateDir);
        Assert.True(json.ExitCode == 0, json.ToString());
        using var doc = JsonDocument.Parse(json.Stdout);
        var report = doc.RootElement;
        var summary = report.GetProperty("summary");
        var workstreams = report.GetProperty("workstreams").EnumerateArray().ToList();

        Assert.Equal(("qs", "Completed", true, 8), (report.GetProperty("run").GetProperty("name").GetString(), report.GetProperty("run").GetProperty("state").GetString(), report.GetProperty("run").GetProperty("finished").GetBoolean(), report.GetProperty("run").GetProperty("workstreams").GetInt32()));
        Assert.Equal(8, workstreams.Count);
        Assert.All(workstreams, w =>
        {
            Assert.Equal("DONE", w.GetProperty("state").GetString());
            Assert.Equal(1, w.GetProperty("attempts").GetInt32());
            Assert.Equal(JsonValueKind.String, w.GetProperty("integratedAt").ValueKind);
            Assert.Equal(["integrated"], w.GetProperty("spans").EnumerateArray().Select(s => s.GetProperty("outcome").GetString()));
        });

        var runStart = report.GetProperty("run").GetProperty("startedAt").GetDateTimeOffset();
        var runEnd = report.GetProperty("run").GetProperty("endedAt").GetDateTimeOffset();
        var makespan = summary.GetProperty("makespanSeconds").GetDouble();
        var work = summary.GetProperty("workSeconds").GetDouble();
        Assert.True(makespan > 0, $"makespan {makespan}");
        // The report rounds every figure to milliseconds / three decimals, so compare within that rounding
        // (a precision argument would round both sides again and fail whenever they straddle a boundary).
        Assert.Equal((runEnd - runStart).TotalSeconds, makespan, tolerance: 0.0006);
        Assert.Equal(workstreams.Sum(w => w.GetProperty("durationSeconds").GetDouble()), work, tolerance: 0.0005 * (workstreams.Count + 1));
        Assert.Equal(work / makespan, summary.GetProperty("achievedSpeedup").GetDouble(), tolerance: 0.002);
        var utilisation = summary.GetProperty("workerUtilisation").GetDouble();
        Assert.InRange(utilisation, 0.0001, 1.0);
        Assert.True(summary.GetProperty("theoreticalSpeedup").GetDouble() > 1);
        Assert.Equal(8, summary.GetProperty("queueWaitSeconds").GetProperty("samples").GetInt32());
        Assert.Equal(workstreams.Count(w => w.GetProperty("dependsOn").GetArrayLength() > 0), summary.GetProperty("dispatchLatencySeconds").GetProperty("samples").GetInt32());
        Assert.Equal((0, 0, 0), (summary.GetProperty("retries").GetInt32(), summary.GetProperty("leaseExpiries").GetInt32(), summary.GetProperty("mergeConflicts").GetInt32()));
        foreach (var span in workstreams.SelectMany(w => w.GetProperty("spans").EnumerateArray()))
        {
            Assert.InRange(span.GetProperty("startedAt").GetDateTimeOffset(), runStart, runEnd);
            Assert.InRange(span.GetProperty("endedAt").GetDateTimeOffset(), runStart, runEnd);
        }
        var critical = report.GetProperty("criticalPath").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.NotEmpty(critical);
        Assert.Equal(critical.Order(), workstreams.Where(w => w.GetProperty("onCriticalPath").GetBoolean()).Select(w => w.GetProperty("id").GetString()).Order());
        // fake-agent prints one usage line per workstream; with no Cost service they are all unpriced.
        var cost = report.GetProperty("cost");
        Assert.Equal(8, cost.GetProperty("reports").GetInt32());
        Assert.Equal("none", report.GetProperty("budget").GetProperty("status").GetString());

        var html = await UetProcess.RunAsync(repo.Repo, "report", "qs", "--output", "html", "--out", Path.Combine(repo.Root, "qs.html"), "--state-dir", repo.StateDir);
        Assert.True(html.ExitCode == 0, html.ToString());
        Assert.Equal($"html report of run qs written to {Path.Combine(repo.Root, "qs.html")}\n", html.Stdout);
        var page = await File.ReadAllTextAsync(Path.Combine(repo.Root, "qs.html"));
        Assert.Equal(8, Regex.Matches(page, "<g class=\"ws-bar").Count);
        Assert.Equal(critical.Count, Regex.Matches(page, "<g class=\"ws-bar critical\"").Count);

        var text = await UetProcess.RunAsync(repo.Repo, "report", "qs", "--state-dir", repo.StateDir);
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.StartsWith("run qs  Completed  plan 'quickstart'\n", text.Stdout);
        Assert.Contains("workstreams (8; * = critical path: " + string.Join(" -> ", critical) + ")", text.Stdout);

        var completed = await UetProcess.RunAsync(repo.Repo, "events", "--run", "qs", "--type", "RunCompleted", "--state-dir", repo.StateDir);
        Assert.True(completed.ExitCode == 0, completed.ToString());
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}Z  qs  RunCompleted +-  uet/qs/integration at [0-9a-f]{12}\n$", completed.Stdout);

        var started = await UetProcess.RunAsync(repo.Repo, "events", "--run", "qs", "--type", "workstreamstarted", "--tail", "3", "--output", "json", "--state-dir", repo.StateDir);
        var lines = started.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => Assert.Equal("WorkstreamStarted", JsonDocument.Parse(l).RootElement.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task Compare_shows_a_real_run_and_a_dry_run_side_by_side_and_bad_requests_say_what_to_do()
    {
        using var repo = await QuickstartRepository.CreateAsync();
        var dry = await UetProcess.RunAsync(repo.Repo, "run", QuickstartRepository.Plan, "--run-id", "dry", "--dry-run", "--state-dir", repo.StateDir);
        Assert.True(dry.ExitCode == 0, dry.ToString());
        var again = await UetProcess.RunAsync(repo.Repo, "run", QuickstartRepository.Plan, "--run-id", "dry-2", "--dry-run", "--max-workers", "1", "--state-dir", repo.StateDir);
        Assert.True(again.ExitCode == 0, again.ToString());

        var compare = await UetProcess.RunAsync(repo.Repo, "report", "compare", "dry", "dry-2", "--state-dir", repo.StateDir);

        Assert.True(compare.ExitCode == 0, compare.ToString());
        var rows = compare.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => Regex.Split(l.Trim(), " {2,}")).ToList();
        Assert.Equal(["dry", "dry-2"], rows[0]);
        Assert.Contains(["state", "Completed", "Completed"], rows);
        Assert.Contains(["done", "8", "8"], rows);
        Assert.Contains(["max workers", "4", "1"], rows);

        var unknown = await UetProcess.RunAsync(repo.Repo, "report", "nope", "--state-dir", repo.StateDir);
        Assert.Equal(2, unknown.ExitCode);
        Assert.StartsWith("uet: No events recorded for run 'nope' in ", unknown.Stderr);
        Assert.Contains("`uet runs` lists the runs", unknown.Stderr);

        var one = await UetProcess.RunAsync(repo.Repo, "report", "compare", "dry", "--state-dir", repo.StateDir);
        Assert.Equal(2, one.ExitCode);
        Assert.Contains("needs two or more runs", one.Stderr);

        var badType = await UetProcess.RunAsync(repo.Repo, "events", "--type", "Heartbeats", "--state-dir", repo.StateDir);
        Assert.Equal(2, badType.ExitCode);
        Assert.Contains("--type Heartbeats: no such event type. Known types: BudgetExceeded, BudgetWarning, ", badType.Stderr);

        var badTail = await UetProcess.RunAsync(repo.Repo, "events", "--tail", "0", "--state-dir", repo.StateDir);
        Assert.Equal(2, badTail.ExitCode);
        Assert.Equal("uet: --tail must be 1 or more.\n", badTail.Stderr);

        var noStore = await UetProcess.RunAsync(repo.Repo, "report", "dry", "--state-dir", Path.Combine(repo.Root, "elsewhere"));
        Assert.Equal(2, noStore.ExitCode);
        Assert.Contains("No event store in ", noStore.Stderr);
        Assert.Empty(noStore.Stdout);

        var badOut = await UetProcess.RunAsync(repo.Repo, "report", "dry", "--out", Path.Combine(repo.Root, "no", "such", "dir", "r.html"), "--state-dir", repo.StateDir);
        Assert.Equal(2, badOut.ExitCode);
        Assert.Contains("does not exist", badOut.Stderr);

        var badOutput = await UetProcess.RunAsync(repo.Repo, "report", "dry", "--output", "pdf", "--state-dir", repo.StateDir);
        Assert.Equal(2, badOutput.ExitCode);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"Run 'uet report --help' for usage."), badOutput.Stderr);
    }
}
