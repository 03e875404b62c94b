namespace Uet.Worker.Usage;

/// <summary>
/// The parser for a tool profile's <c>usage_format</c>. Our own JSON usage lines are read under every format but
/// <c>none</c>, so a wrapper script around any CLI can report usage the simple way.
/// </summary>
public static class UsageParsers
{
    public static readonly IReadOnlyList<string> Formats = ["jsonl", "claude", "codex", "aider", "none"];

    public static IUsageParser For(string? format, string? defaultModel) => (format ?? "jsonl").ToLowerInvariant() switch
    {
        "jsonl" or "" => new JsonlUsageParser(defaultModel),
        "claude" => new Combined([new JsonlUsageParser(defaultModel), new ClaudeUsageParser(defaultModel)]),
        "codex" => new Combined([new JsonlUsageParser(defaultModel), new CodexUsageParser(defaultModel)]),
        "aider" => new Combined([new JsonlUsageParser(defaultModel), new AiderUsageParser(defaultModel)]),
        "none" => new Combined([]),
        var other => throw new Tools.ToolConfigurationException(
            $"Unknown usage_format '{other}' in a tool profile; use one of {string.Join(", ", Formats)}."),
    };

    private sealed class Combined(IReadOnlyList<IUsageParser> parsers) : IUsageParser
    {
        public IEnumerable<ParsedUsage> ParseLine(string line) => parsers.SelectMany(p => p.ParseLine(line)).ToList();

        public IEnumerable<ParsedUsage> Complete() => parsers.SelectMany(p => p.Complete()).ToList();
    }
}
