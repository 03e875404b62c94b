using System.Text;

using CliWrap;
using CliWrap.Buffered;

namespace Uet.Git;

/// <summary>
/// Runs git as a process with an argument list (never a shell string), in one repository or worktree.
/// Every service that touches git goes through here, so quoting and error reporting live in one place.
/// </summary>
public sealed class GitCli(string workingDirectory)
{
    public string WorkingDirectory { get; } = workingDirectory;

    /// <summary>Runs git; a non-zero exit becomes a <see cref="GitException"/> carrying stderr.</summary>
    public async Task<string> RunAsync(IReadOnlyList<string> args, CancellationToken ct = default, string? stdin = null)
    {
        var result = await TryRunAsync(args, ct, stdin);
        if (result.ExitCode != 0)
        {
            throw new GitException(args, result.ExitCode, result.StandardError.Trim(), WorkingDirectory);
        }

        return result.StandardOutput;
    }

    /// <summary>Runs git and hands back the exit code, for commands whose non-zero exit is an answer (merge-tree, is-ancestor).</summary>
    public async Task<GitResult> TryRunAsync(IReadOnlyList<string> args, CancellationToken ct = default, string? stdin = null)
    {
        var command = CliWrap.Cli.Wrap("git")
            .WithArguments(args)
            .WithWorkingDirectory(WorkingDirectory)
            .WithEnvironmentVariables(GitEnvironment)
            .WithValidation(CommandResultValidation.None);
        if (stdin is not null)
        {
            command = command.WithStandardInputPipe(PipeSource.FromString(stdin, Encoding.UTF8));
        }

        var result = await command.ExecuteBufferedAsync(Encoding.UTF8, ct);
        return new GitResult(result.ExitCode, result.StandardOutput, result.StandardError);
    }

    public Task<string> RunAsync(params string[] args) => RunAsync((IReadOnlyList<string>)args);

    public async Task<string> RevParseAsync(string rev, CancellationToken ct = default) =>
        (await RunAsync(["rev-parse", "--verify", "--quiet", rev + "^{commit}"], ct)).Trim();

    public async Task<string?> TryRevParseAsync(string rev, CancellationToken ct = default)
    {
        var result = await TryRunAsync(["rev-parse", "--verify", "--quiet", rev + "^{commit}"], ct);
        return result.ExitCode == 0 ? result.StandardOutput.Trim() : null;
    }

    public async Task<bool> IsAncestorAsync(string ancestor, string descendant, CancellationToken ct = default) =>
        (await TryRunAsync(["merge-base", "--is-ancestor", ancestor, descendant], ct)).ExitCode == 0;

    /// <summary>Identity and prompts fixed so that commits are made the same way on every machine, and git never waits for a terminal.</summary>
    private static readonly IReadOnlyDictionary<string, string?> GitEnvironment = new Dictionary<string, string?>
    {
        ["GIT_TERMINAL_PROMPT"] = "0",
        ["GIT_AUTHOR_NAME"] = GitIdentity.AuthorName,
        ["GIT_AUTHOR_EMAIL"] = GitIdentity.AuthorEmail,
        ["GIT_COMMITTER_NAME"] = GitIdentity.CommitterName,
        ["GIT_COMMITTER_EMAIL"] = GitIdentity.CommitterEmail,
        ["LC_ALL"] = "C",
    };
}

public sealed record GitResult(int ExitCode, string StandardOutput, string StandardError);

public sealed class GitException(IReadOnlyList<string> args, int exitCode, string stderr, string workingDirectory)
    : Exception($"git {string.Join(' ', args)} failed with exit code {exitCode} in {workingDirectory}: {stderr}")
{
    public int ExitCode { get; } = exitCode;
    public string StandardError { get; } = stderr;
}
