namespace Uet.Domain.Loading;

/// <summary>The fields a workstream bundle may have: the seed schema's, plus <c>test_gates[].command</c>.</summary>
internal static class BundleFields
{
    public const string Id = "id";
    public const string OpenspecChange = "openspec_change";
    public const string CcpmIssue = "ccpm_issue";
    public const string Gate = "gate";
    public const string FilesScope = "files_scope";
    public const string FilesCreate = "files_create";
    public const string Tasks = "tasks";
    public const string AcceptanceTests = "acceptance_tests";
    public const string DependsOn = "depends_on";
    public const string Tool = "tool";
    public const string Capability = "capability";
    public const string CapabilityPayload = "capability_payload";
    public const string CircuitBreaker = "circuit_breaker";
    public const string Metadata = "metadata";
    public const string ParallelOk = "parallel_ok";
    public const string ConflictGroup = "conflict_group";
    public const string Kind = "kind";
    public const string Priority = "priority";
    public const string EstimatedContextTokens = "estimated_context_tokens";
    public const string MaxCostUsd = "max_cost_usd";
    public const string CompensationActions = "compensation_actions";
    public const string TestGates = "test_gates";

    public static readonly string[] All =
    [
        Id, OpenspecChange, CcpmIssue, Gate, FilesScope, FilesCreate, Tasks, AcceptanceTests, DependsOn, Tool,
        Capability, CapabilityPayload, CircuitBreaker, Metadata, ParallelOk, ConflictGroup, Kind, Priority,
        EstimatedContextTokens, MaxCostUsd, CompensationActions, TestGates,
    ];

    public static readonly Dictionary<string, int> FieldIndex =
        All.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i, StringComparer.Ordinal);

    public static readonly string[] Kinds = ["design", "impl", "test", "docs", "infra", "refactor", "background", "spike"];
    public static readonly string[] Priorities = ["foreground", "background"];
    public static readonly string[] Capabilities = ["code_generation", "linting", "refactoring", "testing", "version_checking"];
    public static readonly string[] CircuitBreakerFields = ["max_attempts", "max_error_repeats", "oscillation_threshold"];
    public static readonly string[] GateFields = ["type", "required", "blocking", "command"];

    /// <summary>The seed's id pattern <c>^ws-[a-z0-9-]+$</c>, without a regex.</summary>
    public static bool IsValidId(string id)
    {
        if (id.Length < 4 || !id.StartsWith("ws-", StringComparison.Ordinal))
        {
            return false;
        }
        for (var i = 3; i < id.Length; i++)
        {
            var c = id[i];
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                return false;
            }
        }
        return true;
    }
}
