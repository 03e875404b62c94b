namespace Uet.Worker.Tools;

/// <summary>One process to run for an attempt: argv, directory, the environment it may see, and how long it may take.</summary>
internal sealed record ProcessSpec(
    string Description,
    IReadOnlyList<string> Argv,
    string WorkingDirectory,
    IReadOnlyList<string> EnvAllow,
    TimeSpan Timeout);

internal enum ProcessEnd
{
    Exited,
    TimedOut,
    Cancelled,
}

/// <summary><c>LastLine</c>: the last line on stderr (else stdout), quoted in failure reasons.</summary>
internal sealed record ProcessResult(ProcessEnd End, int ExitCode, string OutputTail, string LastLine, TimeSpan Duration)
{
    public bool Succeeded => End == ProcessEnd.Exited && ExitCode == 0;
}
