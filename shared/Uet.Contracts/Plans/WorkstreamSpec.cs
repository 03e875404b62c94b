using System.Text.Json;

namespace Uet.Contracts.Plans;

/// <summary>
/// One workstream bundle as loaded from a plan: the seed format's fields, normalised
/// (missing arrays are empty, <c>ccpm_issue</c> is text). It travels inside messages, so it stays a plain record.
/// </summary>
public sealed record WorkstreamSpec
{
    public required string Id { get; init; }
    public string? OpenspecChange { get; init; }
    public string? CcpmIssue { get; init; }
    public int? Gate { get; init; }
    public IReadOnlyList<string> FilesScope { get; init; } = [];
    public IReadOnlyList<string> FilesCreate { get; init; } = [];
    public IReadOnlyList<string> Tasks { get; init; } = [];
    public IReadOnlyList<string> AcceptanceTests { get; init; } = [];
    public IReadOnlyList<string> DependsOn { get; init; } = [];
    public string? Tool { get; init; }
    public string? Capability { get; init; }
    public JsonElement? CapabilityPayload { get; init; }
    public CircuitBreakerSpec? CircuitBreaker { get; init; }
    public JsonElement? Metadata { get; init; }
    public bool ParallelOk { get; init; } = true;
    public string? ConflictGroup { get; init; }
    public string Kind { get; init; } = "impl";
    public string Priority { get; init; } = "foreground";
    public long? EstimatedContextTokens { get; init; }
    public decimal? MaxCostUsd { get; init; }
    public IReadOnlyList<string> CompensationActions { get; init; } = [];
    public IReadOnlyList<TestGateSpec> TestGates { get; init; } = [];

    /// <summary>Plan-relative file the bundle came from, so every message about it can name the file.</summary>
    public string SourceFile { get; init; } = "";

    /// <summary><c>metadata.estimated_minutes</c> when the bundle gives one; weights the critical path.</summary>
    public double? EstimatedMinutes { get; init; }
}

public sealed record CircuitBreakerSpec(int? MaxAttempts, int? MaxErrorRepeats, int? OscillationThreshold);

/// <summary>A test gate. <c>Command</c> is our addition; without it the plan's default for <c>Type</c> runs.</summary>
public sealed record TestGateSpec(string Type, bool Required = true, bool Blocking = true, string? Command = null);

public static class GateTypes
{
    public const string Lint = "GATE_LINT";
    public const string Unit = "GATE_UNIT";
    public const string Integration = "GATE_INTEGRATION";
    public const string Security = "GATE_SECURITY";
    public static readonly IReadOnlyList<string> All = [Lint, Unit, Integration, Security];
}
