namespace Uet.Cli;

/// <summary>A failure the user can fix: its message is printed as one line (no stack trace) and the command exits with <see cref="ExitCode"/>.</summary>
public sealed class CliException(string message, int exitCode = ExitCodes.UsageOrInput) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
