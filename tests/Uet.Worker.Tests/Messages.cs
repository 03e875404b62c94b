using Uet.Contracts;
using Uet.Contracts.Plans;

namespace Uet.Worker.Tests;

/// <summary>Builds the messages and profiles tests send to the worker.</summary>
internal static class Messages
{
    public static readonly Guid RunId = Guid.Parse("7d2f5a8e-0000-4000-8000-000000000001");

    public static ToolProfile Shell(int timeoutSeconds = 60, IReadOnlyList<string>? envAllow = null, string usageFormat = "jsonl") => new()
    {
        Name = "shell",
        Kind = ToolKind.Shell,
        TimeoutSeconds = timeoutSeconds,
        UsageFormat = usageFormat,
        EnvAllow = envAllow ?? ["PATH", "HOME", "LANG", "LC_ALL", "TERM", "TMPDIR", "USER"],
    };

    public static ToolProfile FakeAgentProfile() => new() { Name = "fake-agent", Kind = ToolKind.FakeAgent, TimeoutSeconds = 120 };

    public static WorkstreamSpec Spec(
        string id,
        IReadOnlyList<string> tasks,
        IReadOnlyList<string>? scope = null,
        IReadOnlyList<string>? create = null,
        IReadOnlyList<string>? acceptance = null,
        IReadOnlyList<TestGateSpec>? gates = null) => new()
        {
            Id = id,
            Tasks = tasks,
            FilesScope = scope ?? ["src/"],
            FilesCreate = create ?? [],
            AcceptanceTests = acceptance ?? [],
            TestGates = gates ?? [],
            SourceFile = $"{id}.json",
        };

    public static ExecuteWorkstream Execute(
        TestRepo repo,
        WorkstreamSpec spec,
        ToolProfile? tool = null,
        int attempt = 1,
        string runName = "run1",
        bool dryRun = false,
        IReadOnlyDictionary<string, string>? gateCommands = null,
        Guid? runId = null) => new()
        {
            RunId = runId ?? RunId,
            RunName = runName,
            WorkstreamId = spec.Id,
            Attempt = attempt,
            Spec = spec,
            Tool = tool ?? Shell(),
            RepoPath = repo.Path,
            BaseCommit = repo.BaseCommit,
            Branch = Naming.WorkstreamBranch(runName, spec.Id),
            GateCommands = gateCommands ?? new Dictionary<string, string>(),
            DryRun = dryRun,
            StateDir = repo.StateDir,
            DispatchedAt = DateTimeOffset.UtcNow,
        };
}
