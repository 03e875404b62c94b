namespace Uet.Worker.Usage;

/// <summary>
/// Token usage read from a tool's output. The three counts are disjoint: <c>InputTokens</c> are prompt tokens
/// not served from a cache (cache writes included), <c>CachedInputTokens</c> are cache reads, so a price is
/// input × input rate + cached × cached rate + output × output rate. Parsers convert each CLI's convention to this.
/// </summary>
public sealed record ParsedUsage(string Model, long InputTokens, long OutputTokens, long CachedInputTokens, decimal? CostUsd);

/// <summary>Reads usage from a tool's stdout, line by line as it arrives.</summary>
public interface IUsageParser
{
    IEnumerable<ParsedUsage> ParseLine(string line);

    /// <summary>Usage that can only be read once the output is complete (e.g. a pretty-printed JSON document).</summary>
    IEnumerable<ParsedUsage> Complete();
}
