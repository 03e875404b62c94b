using System.CommandLine;

using Spectre.Console;

using Uet.Contracts;
using Uet.Git;

namespace Uet.Cli.Cluster;

/// <summary>
/// The cluster's hub as <c>uet</c> sees it: before a run, the base commit goes from the user's repository to the hub;
/// after it, the run's branches, base marker and archives come back into that repository, so <c>--repo</c> ends up
/// as in the embedded mode. Every call goes through <see cref="GitRemote"/> (retry with jitter, circuit breaker).
/// </summary>
internal sealed class RunHub(GitRemote remote)
{
    public const string Variable = "UET_HUB";

    public string Location => remote.Location;

    public static Option<string?> Option() => new("--hub")
    {
        Description = "Path or URL of the cluster's hub repository (the services' UET_HUB): the base is pushed there and the run's branches are fetched back into --repo. Default: UET_HUB.",
    };

    /// <summary>The hub from <c>--hub</c> or UET_HUB; null when there is none. <c>--hub</c> outside a cluster is a usage error.</summary>
    public static RunHub? Resolve(ParseResult result, Option<string?> option, bool onCluster)
    {
        var given = result.GetValue(option);
        if (given is not null && !onCluster)
        {
            throw new CliException("--hub is for runs on a cluster (with --rabbitmq and --postgres): in the embedded mode the --repo repository is its own hub.");
        }

        var location = given ?? (onCluster ? Environment.GetEnvironmentVariable(Variable) : null);
        if (string.IsNullOrWhiteSpace(location))
        {
            return null;
        }

        try
        {
            return new RunHub(new GitRemote(location));
        }
        catch (ArgumentException e)
        {
            throw new CliException($"--hub (or {Variable}): {e.Message}.");
        }
    }

    /// <summary>Pushes <paramref name="baseCommit"/> to the run's submitted-base ref on the hub, where Integration's Prepare finds it.</summary>
    public async Task PushBaseAsync(string repo, string runName, string baseCommit, CancellationToken ct)
    {
        try
        {
            await remote.PushAsync(new GitCli(repo), [RefUpdate.Overwrite(Naming.SubmittedBaseRef(runName), baseCommit)], ct);
        }
        catch (GitException e)
        {
            throw new CliException($"Could not push the base commit {baseCommit[..Math.Min(12, baseCommit.Length)]} to the hub {remote.Location}: {e.StandardError} Check that the hub is a bare repository you can push to (the services' UET_HUB).");
        }
    }

    /// <summary>
    /// Fetches the run's refs (<c>uet/&lt;run&gt;/*</c> branches, <c>refs/uet/base/&lt;run&gt;</c>, archives) from the hub
    /// into <paramref name="repo"/>, forced (the hub is the truth). Returns the refs fetched.
    /// </summary>
    public async Task<IReadOnlyList<string>> FetchRunAsync(string repo, string runName, CancellationToken ct)
    {
        var git = new GitCli(repo);
        var refs = (await remote.ListAsync(git, Naming.RunRefPatterns(runName), ct)).Keys.Order(StringComparer.Ordinal).ToList();
        await remote.FetchAsync(git, refs, ct);
        return refs;
    }

    /// <summary>After a run on the cluster: its branches into --repo, told on the console; a failure is explained, never fatal (the run itself is over).</summary>
    public async Task<bool> BringBackAsync(IAnsiConsole console, string repo, string runName, CancellationToken ct)
    {
        try
        {
            var refs = await FetchRunAsync(repo, runName, ct);
            var branches = refs.Count(r => r.StartsWith("refs/heads/", StringComparison.Ordinal));
            console.MarkupLine($"fetched {branches} branch(es) of run {Markup.Escape(runName)} from the hub into {Markup.Escape(repo)}");
            return true;
        }
        catch (GitException e)
        {
            console.MarkupLine($"[yellow]Could not fetch run {Markup.Escape(runName)}'s branches from the hub {Markup.Escape(remote.Location)}[/]: {Markup.Escape(e.StandardError)}");
            console.MarkupLine($"Fetch them later with `uet fetch {Markup.Escape(runName)} --repo {Markup.Escape(repo)} --hub {Markup.Escape(remote.Location)}` (a branch checked out in --repo cannot be updated: switch away from it first).");
            return false;
        }
    }
}
