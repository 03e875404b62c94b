namespace Uet.Worker.Usage;

/// <summary>
/// Our own usage line, which any tool may print on stdout:
/// <c>{"type":"usage","model":"m","input_tokens":N,"output_tokens":M}</c>, optionally
/// <c>"cached_input_tokens"</c> (cache reads, not part of input_tokens) and <c>"cost_usd"</c>.
/// </summary>
public sealed class JsonlUsageParser(string? defaultModel) : IUsageParser
{
    public IEnumerable<ParsedUsage> ParseLine(string line)
    {
        if (Json.TryParse(line) is not { } root || root.String("type") != "usage")
        {
            yield break;
        }

        yield return new ParsedUsage(
            root.String("model") ?? defaultModel ?? "unknown",
            root.Long("input_tokens"),
            root.Long("output_tokens"),
            root.Long("cached_input_tokens"),
            root.Decimal("cost_usd"));
    }

    public IEnumerable<ParsedUsage> Complete() => [];
}
