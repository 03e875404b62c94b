using System.CommandLine;

using Spectre.Console;

using Uet.Cli.Cluster;
using Uet.Cli.Output;
using Uet.Contracts;
using Uet.Git;

namespace Uet.Cli.Commands;

using Uet.Cli.Runs;

/// <summary>
/// <c>uet fetch &lt;run&gt;</c>: brings a cluster run's branches (and base marker and archives) from the hub into a
/// repository, for whoever did not follow the run to its end (uet run and uet resume do this themselves).
/// </summary>
internal static class FetchCommand
{
    public static Command Create()
    {
        var run = RunCommandOptions.RunName();
        var repo = new Option<string?>("--repo") { Description = "Repository to fetch into. Default: the current directory's repository." };
        var hub = RunHub.Option();
        var command = new Command("fetch", "Fetch a cluster run's branches (uet/<run>/*) from the hub into a repository.") { run, repo, hub };
        command.SetAction((result, ct) => ExecuteAsync(
            CliConsole.For(result), result.GetRequiredValue(run), result.GetValue(repo), RunHub.Resolve(result, hub, onCluster: true), ct));
        return command;
    }

    private static async Task<int> ExecuteAsync(ICliConsole cli, string runName, string? repoOption, RunHub? hub, CancellationToken ct)
    {
        if (!Naming.IsValidRunName(runName))
        {
            throw new CliException($"'{runName}' is not a valid run name: use letters, digits, '.', '_' and '-'.");
        }

        if (hub is null)
        {
            throw new CliException($"No hub to fetch from: pass --hub the path or URL of the cluster's hub repository (or set {RunHub.Variable}).");
        }

        var path = Path.GetFullPath(repoOption ?? Environment.CurrentDirectory);
        var toplevel = Directory.Exists(path) ? await new GitCli(path).TryRunAsync(["rev-parse", "--show-toplevel"], ct) : null;
        if (toplevel is not { ExitCode: 0 })
        {
            throw new CliException($"{path} is not inside a git repository: pass --repo PATH of the repository to fetch into.");
        }

        var repo = toplevel.StandardOutput.Trim();
        IReadOnlyList<string> refs;
        try
        {
            refs = await hub.FetchRunAsync(repo, runName, ct);
        }
        catch (GitException e)
        {
            throw new CliException($"Could not fetch run {runName} from the hub {hub.Location}: {e.StandardError} (a branch checked out in {repo} cannot be updated: switch away from it first).");
        }

        if (refs.Count == 0)
        {
            cli.Ansi.MarkupLine($"[yellow]The hub {Markup.Escape(hub.Location)} has no refs of run {Markup.Escape(runName)}[/]: check the run's name (`uet runs`) and the hub (the services' UET_HUB).");
            return ExitCodes.Failed;
        }

        foreach (var name in refs)
        {
            cli.Ansi.WriteLine(name);
        }

        cli.Ansi.MarkupLine($"fetched {refs.Count} ref(s) of run {Markup.Escape(runName)} from {Markup.Escape(hub.Location)} into {Markup.Escape(repo)}");
        return ExitCodes.Ok;
    }
}
