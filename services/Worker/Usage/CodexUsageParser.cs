using System.Text.Json;

namespace Uet.Worker.Usage;

/// <summary>
/// <c>codex exec --json</c>. Current releases print <c>turn.completed</c> events with the turn's <c>usage</c>; older ones
/// print <c>{"id":..,"msg":{"type":"token_count",..}}</c> events, either flat or with <c>info.last_token_usage</c>
/// (the turn) beside <c>info.total_token_usage</c> (running total, not used: it would count turns twice).
/// OpenAI counts cached tokens inside input_tokens; they are taken out here.
/// </summary>
public sealed class CodexUsageParser(string? defaultModel) : IUsageParser
{
    private string? _model;

    public IEnumerable<ParsedUsage> ParseLine(string line)
    {
        if (Json.TryParse(line) is not { ValueKind: JsonValueKind.Object } root)
        {
            yield break;
        }

        // The config summary an older codex prints first, or a session_configured event, names the model.
        _model = root.String("model") ?? _model;
        if (root.Get("msg") is { ValueKind: JsonValueKind.Object } msg)
        {
            var type = msg.String("type");
            if (type == "session_configured")
            {
                _model = msg.String("model") ?? _model;
            }
            else if (type == "token_count")
            {
                var info = msg.Get("info");
                if (info is null)
                {
                    if (msg.Get("input_tokens") is not null)
                    {
                        yield return FromOpenAiUsage(msg);
                    }
                }
                else if (info.Value.Get("last_token_usage") is { ValueKind: JsonValueKind.Object } last)
                {
                    yield return FromOpenAiUsage(last);
                }
            }

            yield break;
        }

        if (root.String("type") == "turn.completed" && root.Get("usage") is { ValueKind: JsonValueKind.Object } usage)
        {
            yield return FromOpenAiUsage(usage);
        }
    }

    public IEnumerable<ParsedUsage> Complete() => [];

    private ParsedUsage FromOpenAiUsage(JsonElement usage)
    {
        var cached = usage.Long("cached_input_tokens");
        return new ParsedUsage(
            _model ?? defaultModel ?? "codex",
            Math.Max(0, usage.Long("input_tokens") - cached),
            usage.Long("output_tokens"),
            cached,
            null);
    }
}
