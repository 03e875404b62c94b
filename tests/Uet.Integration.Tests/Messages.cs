using Uet.Contracts;
using Uet.Contracts.Plans;

namespace Uet.Integration.Tests;

/// <summary>Messages as the run saga would send them, for one run on a <see cref="TestRepo"/>.</summary>
public sealed record TestRun(TestRepo Repo, string Name)
{
    public Guid RunId { get; } = Naming.RunIdFor(Name);

    public string Branch => Naming.IntegrationBranch(Name);

    public PrepareIntegration Prepare(string baseRef = "main", bool dryRun = false) =>
        new(RunId, Name, Repo.Path, baseRef, Branch, dryRun);

    public IntegrateWorkstream Integrate(
        string workstreamId,
        string commit,
        int attempt = 1,
        IReadOnlyList<TestGateSpec>? gates = null,
        IReadOnlyDictionary<string, string>? gateCommands = null,
        bool dryRun = false) => new()
        {
            RunId = RunId,
            RunName = Name,
            WorkstreamId = workstreamId,
            Attempt = attempt,
            RepoPath = Repo.Path,
            IntegrationBranch = Branch,
            Branch = Naming.WorkstreamBranch(Name, workstreamId),
            Commit = commit,
            IntegrationGates = gates ?? [],
            GateCommands = gateCommands ?? new Dictionary<string, string>(),
            DryRun = dryRun,
        };

    public RevertIntegration Revert(string baseCommit, IReadOnlyList<CompensationStep>? compensations = null, bool dryRun = false) =>
        new(RunId, Name, Repo.Path, Branch, baseCommit, compensations ?? [], dryRun, null);
}
