using System.ComponentModel;
using System.Text;

using CliWrap;

namespace Uet.Worker.Tools;

/// <summary>
/// Runs one tool or gate process: argv (never a shell string), its own process group, an environment reduced to an
/// allow-list, a timeout, output appended to the attempt log. On timeout or cancel the whole group is killed.
/// </summary>
internal sealed class ToolProcessRunner(TimeProvider time)
{
    /// <summary>How often a finished group leader is checked for children that still hold its output pipes.</summary>
    private static readonly TimeSpan StragglerPoll = TimeSpan.FromMilliseconds(100);

    public async Task<ProcessResult> RunAsync(
        ProcessSpec spec,
        AttemptLog log,
        Func<string, Task>? onStdoutLine,
        CancellationToken ct)
    {
        if (spec.Argv.Count == 0 || string.IsNullOrWhiteSpace(spec.Argv[0]))
        {
            throw new ToolConfigurationException($"{spec.Description}: the command is empty.");
        }

        log.Step($"{spec.Description}: {FormatArgv(spec.Argv)}");
        var started = time.GetTimestamp();
        var tail = new OutputTail();
        var errors = new OutputTail(1000);
        using var timeout = new CancellationTokenSource(spec.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);

        var (program, args) = ProcessGroup.SetsidPath is { } setsid
            ? (setsid, (IReadOnlyList<string>)[.. spec.Argv])
            : (spec.Argv[0], spec.Argv.Skip(1).ToList());

        var command = Cli.Wrap(program)
            .WithArguments(args)
            .WithWorkingDirectory(spec.WorkingDirectory)
            .WithEnvironmentVariables(AllowListedEnvironment(spec.EnvAllow))
            .WithValidation(CommandResultValidation.None)
            .WithStandardInputPipe(PipeSource.Null)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(
                async line =>
                {
                    log.Write(line);
                    tail.Add(line);
                    if (onStdoutLine is not null)
                    {
                        await onStdoutLine(line);
                    }
                },
                Encoding.UTF8))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(
                line =>
                {
                    log.Write(line);
                    tail.Add(line);
                    errors.Add(line);
                },
                Encoding.UTF8));

        CommandTask<CommandResult> task;
        try
        {
            task = command.ExecuteAsync(linked.Token);
        }
        catch (Win32Exception ex)
        {
            throw new ToolConfigurationException($"{spec.Description}: cannot start '{spec.Argv[0]}' ({ex.Message}); is it installed and on PATH?");
        }

        // setsid execs in place (our children are never group leaders), so the process id is also the group id.
        var pgid = task.ProcessId;
        using var killOnCancel = linked.Token.Register(() => ProcessGroup.Kill(pgid));
        using var stopWatching = new CancellationTokenSource();
        var watcher = KillStragglersAfterLeaderExitsAsync(pgid, stopWatching.Token);
        try
        {
            var result = await task;
            var duration = time.GetElapsedTime(started);
            log.Step($"{spec.Description}: exit code {result.ExitCode} after {duration.TotalSeconds:F2} s");
            return new ProcessResult(ProcessEnd.Exited, result.ExitCode, tail.Text, Explanation(errors, tail), duration);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            var end = ct.IsCancellationRequested ? ProcessEnd.Cancelled : ProcessEnd.TimedOut;
            var duration = time.GetElapsedTime(started);
            log.Step(end == ProcessEnd.TimedOut
                ? $"{spec.Description}: timed out after {spec.Timeout.TotalSeconds:F0} s; process group {pgid} killed"
                : $"{spec.Description}: cancelled; process group {pgid} killed");
            return new ProcessResult(end, -1, tail.Text, Explanation(errors, tail), duration);
        }
        finally
        {
            await stopWatching.CancelAsync();
            ProcessGroup.Kill(pgid);
            await watcher;
        }
    }

    /// <summary>
    /// A tool that leaves a background child holding stdout would keep the pipes, and so the attempt, open until the
    /// timeout. Once the leader has exited, what is left of its group is killed.
    /// </summary>
    private static async Task KillStragglersAfterLeaderExitsAsync(int pgid, CancellationToken stop)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var timer = new PeriodicTimer(StragglerPoll, TimeProvider.System);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                if (ProcessGroup.HasExited(pgid))
                {
                    ProcessGroup.Kill(pgid);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>What a failure reason quotes: the last line on stderr, which is where tools explain themselves, else stdout's.</summary>
    private static string Explanation(OutputTail errors, OutputTail all) => errors.LastLine.Length > 0 ? errors.LastLine : all.LastLine;

    /// <summary>CliWrap removes a variable whose value is null: everything not allowed is removed.</summary>
    internal static IReadOnlyDictionary<string, string?> AllowListedEnvironment(IReadOnlyList<string> allow)
    {
        var allowed = new HashSet<string>(allow, StringComparer.Ordinal);
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>())
        {
            if (!allowed.Contains(name))
            {
                environment[name] = null;
            }
        }

        return environment;
    }

    internal static string FormatArgv(IReadOnlyList<string> argv) =>
        string.Join(' ', argv.Select(a => a.Length > 0 && a.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:{}@%+,".Contains(c)) ? a : "'" + a.Replace("'", "'\\''") + "'"));
}

/// <summary>A tool profile or gate that cannot be run as configured; the message says what to fix.</summary>
public sealed class ToolConfigurationException(string message) : Exception(message);
