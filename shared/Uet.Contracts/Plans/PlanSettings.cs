namespace Uet.Contracts.Plans;

/// <summary>Run defaults from an optional <c>plan.json</c> beside the bundles; command-line flags override them.</summary>
public sealed record PlanSettings
{
    public string? Name { get; init; }
    public int MaxWorkers { get; init; } = 4;
    public string? DefaultTool { get; init; }
    public FailurePolicy FailurePolicy { get; init; } = FailurePolicy.FailFast;
    public int MaxAttempts { get; init; } = 1;
    public string? BaseRef { get; init; }
    public BudgetSpec? Budget { get; init; }

    /// <summary>
    /// <c>serialize</c> (default): workstreams whose scopes overlap never run at once.
    /// <c>optimistic</c>: they may, and a real merge conflict sends the later one round again on the new head.
    /// </summary>
    public OverlapPolicy OverlapPolicy { get; init; } = OverlapPolicy.Serialize;

    /// <summary>Tool profiles by name; they extend or override the built-in ones.</summary>
    public IReadOnlyDictionary<string, ToolProfile> Tools { get; init; } = new Dictionary<string, ToolProfile>();

    /// <summary>Command run for a gate of a type that gives no <c>command</c> of its own.</summary>
    public IReadOnlyDictionary<string, string> GateCommands { get; init; } = new Dictionary<string, string>();

    /// <summary>Gates run on the merged result before the integration branch advances.</summary>
    public IReadOnlyList<TestGateSpec> IntegrationGates { get; init; } = [];
}

public enum FailurePolicy
{
    FailFast,
    KeepGoing,
}

public enum OverlapPolicy
{
    Serialize,
    Optimistic,
}

public enum BudgetMode
{
    Halt,
    Warn,
    Continue,
}

public sealed record BudgetSpec(decimal? MaxCostUsd, BudgetMode Mode = BudgetMode.Halt, decimal WarningThreshold = 0.8m);
