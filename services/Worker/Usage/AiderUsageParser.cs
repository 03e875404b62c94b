using System.Globalization;
using System.Text.RegularExpressions;

namespace Uet.Worker.Usage;

/// <summary>
/// aider's report after each message: <c>Tokens: 2.5k sent, 1.1k cache hit, 312 received. Cost: $0.01 message, $0.05 session.</c>
/// The model comes from its banner (<c>Main model: NAME with ...</c> or <c>Model: NAME ...</c>). Counts are rounded
/// as aider prints them; the message cost is exact to the cent. "sent" includes cache hits, which are taken out.
/// </summary>
public sealed partial class AiderUsageParser(string? defaultModel) : IUsageParser
{
    private string? _model;

    public IEnumerable<ParsedUsage> ParseLine(string line)
    {
        if (ModelLine().Match(line) is { Success: true } model)
        {
            _model = model.Groups["model"].Value;
            yield break;
        }

        if (TokensLine().Match(line) is not { Success: true } tokens)
        {
            yield break;
        }

        long sent = 0, received = 0, cacheHit = 0;
        foreach (var part in tokens.Groups["parts"].Value.Split(", "))
        {
            if (Count().Match(part.Trim()) is not { Success: true } count)
            {
                continue;
            }

            var value = ParseCount(count.Groups["number"].Value, count.Groups["unit"].Value);
            switch (count.Groups["label"].Value)
            {
                case "sent":
                    sent = value;
                    break;
                case "received":
                    received = value;
                    break;
                case "cache hit":
                    cacheHit = value;
                    break;
            }
        }

        decimal? cost = tokens.Groups["cost"].Success
            ? decimal.Parse(tokens.Groups["cost"].Value.Replace(",", ""), NumberStyles.Number, CultureInfo.InvariantCulture)
            : null;
        yield return new ParsedUsage(_model ?? defaultModel ?? "aider", Math.Max(0, sent - cacheHit), received, cacheHit, cost);
    }

    public IEnumerable<ParsedUsage> Complete() => [];

    private static long ParseCount(string number, string unit)
    {
        var value = decimal.Parse(number.Replace(",", ""), NumberStyles.Number, CultureInfo.InvariantCulture);
        var factor = unit switch
        {
            "k" or "K" => 1_000m,
            "M" => 1_000_000m,
            _ => 1m,
        };
        return (long)Math.Round(value * factor, MidpointRounding.AwayFromZero);
    }

    [GeneratedRegex(@"^\s*(?:Main model|Model): (?<model>\S+)")]
    private static partial Regex ModelLine();

    [GeneratedRegex(@"^\s*Tokens: (?<parts>.+?)\.(?: Cost: \$(?<cost>[\d.,]+) message, \$[\d.,]+ session\.?)?\s*$")]
    private static partial Regex TokensLine();

    [GeneratedRegex(@"^(?<number>\d[\d,]*(?:\.\d+)?)(?<unit>[kKM]?) (?<label>sent|received|cache hit|cache write)$")]
    private static partial Regex Count();
}
