using System.CommandLine;
using System.CommandLine.Parsing;

using Uet.Domain;

namespace Uet.Cli;

/// <summary>
/// Runs a parsed command line with the behaviour every command shares: usage errors exit 2 with a short
/// message and a help hint, failures print one line on stderr and never a stack trace (unless UET_DEBUG=1).
/// </summary>
public static class CliHost
{
    public static async Task<int> RunAsync(RootCommand root, string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        stdout ??= Console.Out;
        stderr ??= Console.Error;

        ParseResult parsed;
        try
        {
            parsed = root.Parse(args);
        }
        catch (Exception ex)
        {
            return Fail(stderr, ex, ExitCodes.UsageOrInput, $"could not parse the command line: {ex.Message}", hintDebug: true);
        }

        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                stderr.WriteLine($"uet: {OneLine(error.Message)}");
            }

            stderr.WriteLine($"Run '{CommandPath(parsed.CommandResult)} --help' for usage.");
            return ExitCodes.UsageOrInput;
        }

        // Ctrl+C is the commands' own business: `uet run` turns the first one into a cancel and waits for compensation.
        var invocation = new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        try
        {
            return await parsed.InvokeAsync(invocation);
        }
        catch (CliException ex)
        {
            return Fail(stderr, ex, ex.ExitCode, ex.Message);
        }
        catch (PlanInputException ex)
        {
            return Fail(stderr, ex, ExitCodes.UsageOrInput, ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Fail(stderr, ex, ExitCodes.UsageOrInput, $"cannot read the input: {ex.Message}");
        }
        catch (OperationCanceledException ex)
        {
            return Fail(stderr, ex, ExitCodes.Failed, "cancelled.");
        }
        catch (Exception ex)
        {
            return Fail(stderr, ex, ExitCodes.UsageOrInput, $"unexpected error ({ex.GetType().Name}): {ex.Message}", hintDebug: true);
        }
    }

    private static int Fail(TextWriter stderr, Exception ex, int exitCode, string? message = null, bool hintDebug = false)
    {
        stderr.WriteLine($"uet: {OneLine(message ?? ex.Message)}");
        if (Environment.GetEnvironmentVariable("UET_DEBUG") == "1")
        {
            stderr.WriteLine(ex.ToString());
        }
        else if (hintDebug)
        {
            stderr.WriteLine("uet: set UET_DEBUG=1 to see the details.");
        }

        return exitCode;
    }

    private static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? current = result; current is not null; current = current.Parent)
        {
            if (current is CommandResult command)
            {
                names.Add(command.Command is RootCommand ? "uet" : command.Command.Name);
            }
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}
