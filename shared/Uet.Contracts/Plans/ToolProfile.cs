namespace Uet.Contracts.Plans;

/// <summary>
/// How a worker runs a workstream's tool. Built-in profiles: <c>shell</c>, <c>fake-agent</c>, <c>aider</c>,
/// <c>claude</c>, <c>codex</c>; plan.json may add or override profiles.
/// </summary>
public sealed record ToolProfile
{
    public required string Name { get; init; }

    /// <summary>How the tool is driven: <c>shell</c> runs each task as a bash command; <c>command</c> runs the template once.</summary>
    public ToolKind Kind { get; init; } = ToolKind.Command;

    /// <summary>argv template; placeholders <c>{prompt}</c>, <c>{prompt_file}</c>, <c>{files}</c> (one argument each file), <c>{model}</c>.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    public int TimeoutSeconds { get; init; } = 1800;

    /// <summary>Environment variables passed through to the tool; everything else is removed.</summary>
    public IReadOnlyList<string> EnvAllow { get; init; } = ["PATH", "HOME", "LANG", "LC_ALL", "TERM", "TMPDIR", "USER"];

    /// <summary>How usage is read from the tool's output: <c>jsonl</c>, <c>claude</c>, <c>codex</c>, <c>aider</c>, <c>none</c>.</summary>
    public string UsageFormat { get; init; } = "jsonl";

    public long ContextWindow { get; init; } = 128_000;
    public string? Model { get; init; }
}

public enum ToolKind
{
    Command,
    Shell,
    FakeAgent,
}
