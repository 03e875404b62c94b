namespace Uet.Cli;

/// <summary>The exit codes of every <c>uet</c> command (docs/cli.md); scripts depend on them.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The plan is invalid, or the run failed.</summary>
    public const int Failed = 1;

    /// <summary>Wrong usage (unknown option, missing argument) or input that cannot be read.</summary>
    public const int UsageOrInput = 2;
}
