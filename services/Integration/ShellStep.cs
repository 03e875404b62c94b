using CliWrap;

namespace Uet.Integration;

internal sealed record ShellStepResult(int? ExitCode, bool TimedOut, string OutputTail)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;

    /// <summary>One phrase for a failure message: "exited with code 3" or "timed out after 00:05:00".</summary>
    public string Describe(TimeSpan timeout) => TimedOut ? $"timed out after {timeout}" : $"exited with code {ExitCode}";
}

/// <summary>
/// Runs a plan-supplied command (a gate or a compensation action) as <c>bash -c</c> in a worktree with a timeout.
/// The command text is the plan author's own shell code, passed as one argument, never spliced into another string.
/// </summary>
internal static class ShellStep
{
    public static async Task<ShellStepResult> RunAsync(
        string command,
        string workingDirectory,
        IReadOnlyDictionary<string, string?> environment,
        TimeSpan timeout,
        int tailChars,
        TimeProvider clock,
        CancellationToken ct)
    {
        var tail = new OutputTail(tailChars);
        using var timer = new CancellationTokenSource(timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
        try
        {
            // CliWrap kills the whole process tree when the token fires, so a gate's children do not outlive it.
            var result = await Cli.Wrap("bash")
                .WithArguments(["-c", command])
                .WithWorkingDirectory(workingDirectory)
                .WithEnvironmentVariables(environment)
                .WithStandardOutputPipe(PipeTarget.ToDelegate(tail.AppendLine))
                .WithStandardErrorPipe(PipeTarget.ToDelegate(tail.AppendLine))
                .WithValidation(CommandResultValidation.None)
                .ExecuteAsync(linked.Token);
            return new ShellStepResult(result.ExitCode, false, tail.ToString());
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return new ShellStepResult(null, true, tail.ToString());
        }
    }
}
