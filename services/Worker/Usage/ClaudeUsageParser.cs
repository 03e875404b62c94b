using System.Text;
using System.Text.Json;

namespace Uet.Worker.Usage;

/// <summary>
/// Claude Code's <c>--output-format json</c> (one result object, or an array of messages with <c>--verbose</c>) and
/// <c>--output-format stream-json</c> (one message per line). Usage comes from the <c>result</c> message: per model from
/// <c>modelUsage</c> when present (with each model's cost), else from <c>usage</c> with <c>total_cost_usd</c>.
/// Anthropic counts cache reads and cache writes apart from input_tokens; cache writes are billed as input.
/// </summary>
public sealed class ClaudeUsageParser(string? defaultModel) : IUsageParser
{
    private readonly StringBuilder _unparsed = new();
    private string? _model;
    private bool _sawResult;

    public IEnumerable<ParsedUsage> ParseLine(string line)
    {
        if (Json.TryParse(line) is not { } root)
        {
            _unparsed.AppendLine(line);
            return [];
        }

        return Messages(root);
    }

    public IEnumerable<ParsedUsage> Complete()
    {
        // A pretty-printed document arrives over several lines, none of which parses alone.
        if (_sawResult || _unparsed.Length == 0 || Json.TryParse(_unparsed.ToString()) is not { } root)
        {
            return [];
        }

        return Messages(root).ToList();
    }

    private IEnumerable<ParsedUsage> Messages(JsonElement root)
    {
        var messages = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().ToList() : [root];
        var usage = new List<ParsedUsage>();
        foreach (var message in messages)
        {
            switch (message.String("type"))
            {
                case "system":
                    _model = message.String("model") ?? _model;
                    break;
                case "assistant":
                    _model = message.Get("message")?.String("model") ?? _model;
                    break;
                case "result":
                    _sawResult = true;
                    usage.AddRange(FromResult(message));
                    break;
            }
        }

        return usage;
    }

    private IEnumerable<ParsedUsage> FromResult(JsonElement result)
    {
        if (result.Get("modelUsage") is { ValueKind: JsonValueKind.Object } byModel && byModel.EnumerateObject().Any())
        {
            foreach (var model in byModel.EnumerateObject())
            {
                var u = model.Value;
                yield return new ParsedUsage(
                    model.Name,
                    u.Long("inputTokens") + u.Long("cacheCreationInputTokens"),
                    u.Long("outputTokens"),
                    u.Long("cacheReadInputTokens"),
                    u.Decimal("costUSD"));
            }

            yield break;
        }

        if (result.Get("usage") is { ValueKind: JsonValueKind.Object } usage)
        {
            yield return new ParsedUsage(
                _model ?? defaultModel ?? "claude",
                usage.Long("input_tokens") + usage.Long("cache_creation_input_tokens"),
                usage.Long("output_tokens"),
                usage.Long("cache_read_input_tokens"),
                result.Decimal("total_cost_usd") ?? result.Decimal("cost_usd"));
        }
    }
}
