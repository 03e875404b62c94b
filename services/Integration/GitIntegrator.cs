using System.Collections.Concurrent;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

using Polly;

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

    /// <summary>Integration heads seen by dry runs, so a dry-run merge costs no process (it changes nothing anyway).</summary>
    private readonly ConcurrentDictionary<(string Repo, string Branch), string> dryRunHeads = new();

    public GitIntegrator(IntegrationOptions? options = null, TimeProvider? clock = null, ILogger<GitIntegrator>? logger = null)
    {
        this.options = options ?? new IntegrationOptions();
        this.clock = clock ?? TimeProvider.System;
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
        retry = GitRetryPipeline.Create(this.options, this.clock, this.logger);
        gates = new IntegrationGateRunner(this.options, this.clock, this.logger);
    }

    private ResilientGit GitFor(string repoPath) => new(Path.GetFullPath(repoPath), retry);

    private static string BranchRef(string branch) => "refs/heads/" + branch;

    /// <summary>Where the run's branch was created from, so a later Prepare reports the same base even if the base ref moved.</summary>
    internal static string BaseMarkerRef(string runName) => $"refs/uet/base/{runName}";

    private string ScratchRootFor(string? stateDir) =>
        stateDir is { Length: > 0 }
            ? Path.Combine(Path.GetFullPath(stateDir), "integration", "scratch")
            : options.ScratchRoot ?? Path.Combine(Path.GetTempPath(), "uet-integration");
}
