using System.Collections.Concurrent;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

using Polly;

using Uet.Git;

namespace Uet.Integration;

/// <summary>
/// The integration branch of each run, kept with object-store operations only (a merge of two commits, a commit of its tree, a compare-and-swap of the ref),
/// so the user's working tree and index are never touched. Usable on its own; the MassTransit consumer is a thin shell.
/// Callers serialise the messages of one run (the endpoint partitions by run); different runs may run at once.
/// </summary>
public sealed partial class GitIntegrator
{
    /// <summary>Stands in for a commit when a dry run cannot read the repository.</summary>
    public const string DryRunCommit = "dry-run";

    private readonly IntegrationOptions options;
    private readonly TimeProvider clock;
    private readonly ILogger logger;
    private readonly ResiliencePipeline retry;
    private readonly IntegrationGateRunner gates;
    private readonly HubClone? hub;

    /// <summary>Integration heads seen by dry runs, so a dry-run merge costs no process (it changes nothing anyway).</summary>
    private readonly ConcurrentDictionary<(string Repo, string Branch), string> dryRunHeads = new();

    public GitIntegrator(IntegrationOptions? options = null, TimeProvider? clock = null, ILogger<GitIntegrator>? logger = null)
    {
        this.options = options ?? new IntegrationOptions();
        this.clock = clock ?? TimeProvider.System;
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
        retry = GitRetryPipeline.Create(this.options, this.clock, this.logger);
        gates = new IntegrationGateRunner(this.options, this.clock, this.logger);
        if (this.options.Hub is { Length: > 0 } location)
        {
            var cache = this.options.HubCache ?? Path.Combine(this.options.ScratchRoot ?? Path.Combine(Path.GetTempPath(), "uet-integration"), "hub.git");
            hub = new HubClone(new GitRemote(location, this.options.HubResilience, this.clock, this.logger), cache, this.logger);
        }
    }

    /// <summary>The hub every run's branches go to, or null: each run's own repository (<c>RepoPath</c>) is used directly.</summary>
    public string? Hub => hub?.Hub.Location;

    private ResilientGit GitFor(string repoPath) => new(Path.GetFullPath(repoPath), retry);

    /// <summary>The repository a run's refs are kept in: this service's clone cache of the hub when there is one, else the run's own.</summary>
    private RunRepository RepositoryFor(string repoPath) =>
        hub is not null ? new RunRepository(GitFor(hub.Path), hub) : new RunRepository(GitFor(repoPath), null);

    private static string BranchRef(string branch) => "refs/heads/" + branch;

    /// <summary>Where the run's branch was created from, so a later Prepare reports the same base even if the base ref moved.</summary>
    internal static string BaseMarkerRef(string runName) => $"refs/uet/base/{runName}";

    private string ScratchRootFor(string? stateDir) =>
        stateDir is { Length: > 0 }
            ? Path.Combine(Path.GetFullPath(stateDir), "integration", "scratch")
            : options.ScratchRoot ?? Path.Combine(Path.GetTempPath(), "uet-integration");
}
