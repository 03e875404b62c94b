using System.Text.Json;

using Uet.Contracts.Plans;

namespace Uet.Domain.Loading;

/// <summary>Mutable fields while an object is read; becomes an immutable <see cref="WorkstreamSpec"/>. One per file, reset per bundle.</summary>
internal sealed class BundleDraft
{
    public void Reset()
    {
        Id = OpenspecChange = CcpmIssue = Tool = Capability = ConflictGroup = null;
        Gate = null;
        FilesScope = FilesCreate = Tasks = AcceptanceTests = DependsOn = CompensationActions = [];
        CapabilityPayload = Metadata = null;
        CircuitBreaker = null;
        ParallelOk = true;
        Kind = "impl";
        Priority = "foreground";
        EstimatedContextTokens = null;
        MaxCostUsd = null;
        TestGates = [];
        EstimatedMinutes = null;
    }

    public string? Id;
    public string? OpenspecChange;
    public string? CcpmIssue;
    public int? Gate;
    public string[] FilesScope = [];
    public string[] FilesCreate = [];
    public string[] Tasks = [];
    public string[] AcceptanceTests = [];
    public string[] DependsOn = [];
    public string? Tool;
    public string? Capability;
    public JsonElement? CapabilityPayload;
    public CircuitBreakerSpec? CircuitBreaker;
    public JsonElement? Metadata;
    public bool ParallelOk = true;
    public string? ConflictGroup;
    public string Kind = "impl";
    public string Priority = "foreground";
    public long? EstimatedContextTokens;
    public decimal? MaxCostUsd;
    public string[] CompensationActions = [];
    public IReadOnlyList<TestGateSpec> TestGates = [];
    public double? EstimatedMinutes;

    public WorkstreamSpec Build(string sourceFile) => new()
    {
        Id = Id!,
        OpenspecChange = OpenspecChange,
        CcpmIssue = CcpmIssue,
        Gate = Gate,
        FilesScope = FilesScope,
        FilesCreate = FilesCreate,
        Tasks = Tasks,
        AcceptanceTests = AcceptanceTests,
        DependsOn = DependsOn,
        Tool = Tool,
        Capability = Capability,
        CapabilityPayload = CapabilityPayload,
        CircuitBreaker = CircuitBreaker,
        Metadata = Metadata,
        ParallelOk = ParallelOk,
        ConflictGroup = ConflictGroup,
        Kind = Kind,
        Priority = Priority,
        EstimatedContextTokens = EstimatedContextTokens,
        MaxCostUsd = MaxCostUsd,
        CompensationActions = CompensationActions,
        TestGates = TestGates,
        SourceFile = sourceFile,
        EstimatedMinutes = EstimatedMinutes,
    };
}
