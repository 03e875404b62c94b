using Uet.Contracts.Plans;

namespace Uet.Domain;

/// <summary>The built-in tool profiles, merged with the profiles a plan declares in <c>plan.json</c>.</summary>
public static class ToolCatalog
{
    public const string Shell = "shell";
    public const string FakeAgent = "fake-agent";
    public const string Aider = "aider";
    public const string Claude = "claude";
    public const string Codex = "codex";

    /// <summary>Used when a tool declares no window of its own.</summary>
    public const long DefaultContextWindow = 128_000;

    private static readonly string[] BaseEnv = ["PATH", "HOME", "LANG", "LC_ALL", "TERM", "TMPDIR", "USER"];

    /// <summary>
    /// The profiles every plan can name without defining them. AI tools run non-interactively, never commit
    /// themselves (the worker commits once, after the checks), and get their own API key variables on top of
    /// the base environment allow-list, and nothing else.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, ToolProfile> BuiltIns = new Dictionary<string, ToolProfile>(StringComparer.Ordinal)
    {
        // Each task is one bash command run in the worktree.
        [Shell] = new() { Name = Shell, Kind = ToolKind.Shell, UsageFormat = "jsonl" },
        // Deterministic stand-in for an AI tool; the worker knows how to launch it.
        [FakeAgent] = new() { Name = FakeAgent, Kind = ToolKind.FakeAgent, UsageFormat = "jsonl", TimeoutSeconds = 300, Model = "fake-model" },
        [Aider] = new()
        {
            Name = Aider,
            Command = ["aider", "--yes-always", "--no-auto-commits", "--no-check-update", "--no-pretty", "--no-stream", "--no-gitignore", "--model", "{model}", "--message-file", "{prompt_file}", "{files}"],
            EnvAllow = [.. BaseEnv, "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "OPENROUTER_API_KEY", "AIDER_MODEL"],
            UsageFormat = "aider",
            Model = "sonnet",
            ContextWindow = 128_000,
        },
        [Claude] = new()
        {
            Name = Claude,
            Command = ["claude", "-p", "{prompt}", "--output-format", "json", "--permission-mode", "acceptEdits", "--model", "{model}"],
            EnvAllow = [.. BaseEnv, "ANTHROPIC_API_KEY", "CLAUDE_CODE_USE_BEDROCK", "CLAUDE_CODE_USE_VERTEX"],
            UsageFormat = "claude",
            Model = "sonnet",
            ContextWindow = 200_000,
        },
        [Codex] = new()
        {
            Name = Codex,
            Command = ["codex", "exec", "--json", "--full-auto", "--model", "{model}", "{prompt}"],
            EnvAllow = [.. BaseEnv, "OPENAI_API_KEY", "CODEX_HOME"],
            UsageFormat = "codex",
            Model = "gpt-5-codex",
            ContextWindow = 128_000,
        },
    };

    /// <summary>The built-in profile of that name, or null.</summary>
    public static ToolProfile? BuiltIn(string name) => BuiltIns.GetValueOrDefault(name);

    /// <summary>Built-in profiles overlaid by the plan's own (a plan profile replaces a built-in of the same name).</summary>
    public static IReadOnlyDictionary<string, ToolProfile> Profiles(PlanSettings settings)
    {
        var profiles = new Dictionary<string, ToolProfile>(BuiltIns, StringComparer.Ordinal);
        foreach (var (name, profile) in settings.Tools)
        {
            profiles[name] = profile with { Name = name };
        }
        return profiles;
    }

    /// <summary>The profile a workstream runs with: its own <c>tool</c>, else the plan's <c>default_tool</c>.</summary>
    /// <exception cref="InvalidOperationException">No tool is named, or no profile has that name (a validated plan has neither).</exception>
    public static ToolProfile Resolve(PlanSettings settings, WorkstreamSpec ws)
    {
        var name = ws.Tool ?? settings.DefaultTool
            ?? throw new InvalidOperationException($"Workstream {ws.Id} names no tool and the plan has no default_tool.");
        if (settings.Tools.TryGetValue(name, out var own))
        {
            return own with { Name = name };
        }
        return BuiltIns.GetValueOrDefault(name)
            ?? throw new InvalidOperationException(
                $"Workstream {ws.Id} uses tool '{name}', which is neither built in ({string.Join(", ", BuiltIns.Keys.Order(StringComparer.Ordinal))}) nor declared in plan.json \"tools\".");
    }
}
