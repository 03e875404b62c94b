using Uet.Contracts.Plans;

namespace Uet.Worker.Tools;

/// <summary>
/// The tool profiles every plan can name without defining them; plan.json <c>tools</c> may override any field.
/// Whoever resolves a workstream's <c>tool</c> into the <c>ExecuteWorkstream.Tool</c> it dispatches starts from these.
/// AI tools get their own API key variables on top of the base allow-list, and nothing else.
/// </summary>
public static class BuiltInToolProfiles
{
    private static readonly string[] BaseEnv = ["PATH", "HOME", "LANG", "LC_ALL", "TERM", "TMPDIR", "USER"];

    public static readonly ToolProfile Shell = new()
    {
        Name = "shell",
        Kind = ToolKind.Shell,
        TimeoutSeconds = 1800,
        UsageFormat = "jsonl",
    };

    public static readonly ToolProfile FakeAgent = new()
    {
        Name = "fake-agent",
        Kind = ToolKind.FakeAgent,
        TimeoutSeconds = 300,
        UsageFormat = "jsonl",
        Model = Tools.FakeAgent.Model,
    };

    /// <summary>aider edits the files it is given; auto-commits are off so the worker commits once, after the checks.</summary>
    public static readonly ToolProfile Aider = new()
    {
        Name = "aider",
        Kind = ToolKind.Command,
        Command = ["aider", "--yes-always", "--no-auto-commits", "--no-check-update", "--no-pretty", "--no-stream", "--no-gitignore", "--model", "{model}", "--message-file", "{prompt_file}", "{files}"],
        TimeoutSeconds = 1800,
        EnvAllow = [.. BaseEnv, "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "OPENROUTER_API_KEY", "AIDER_MODEL"],
        UsageFormat = "aider",
        Model = "sonnet",
    };

    public static readonly ToolProfile Claude = new()
    {
        Name = "claude",
        Kind = ToolKind.Command,
        Command = ["claude", "-p", "{prompt}", "--output-format", "json", "--permission-mode", "acceptEdits", "--model", "{model}"],
        TimeoutSeconds = 1800,
        EnvAllow = [.. BaseEnv, "ANTHROPIC_API_KEY", "CLAUDE_CODE_USE_BEDROCK", "CLAUDE_CODE_USE_VERTEX"],
        UsageFormat = "claude",
        Model = "sonnet",
        ContextWindow = 200_000,
    };

    public static readonly ToolProfile Codex = new()
    {
        Name = "codex",
        Kind = ToolKind.Command,
        Command = ["codex", "exec", "--json", "--full-auto", "--model", "{model}", "{prompt}"],
        TimeoutSeconds = 1800,
        EnvAllow = [.. BaseEnv, "OPENAI_API_KEY", "CODEX_HOME"],
        UsageFormat = "codex",
        Model = "gpt-5-codex",
        ContextWindow = 272_000,
    };

    public static readonly IReadOnlyDictionary<string, ToolProfile> All = new Dictionary<string, ToolProfile>(StringComparer.Ordinal)
    {
        [Shell.Name] = Shell,
        [FakeAgent.Name] = FakeAgent,
        [Aider.Name] = Aider,
        [Claude.Name] = Claude,
        [Codex.Name] = Codex,
    };
}
