namespace Uet.Domain.Costs;

/// <summary>
/// The built-in price table: public list prices in US dollars per million tokens (input / cached input / output)
/// as published by Anthropic, OpenAI and Google in late 2025, standard tier, no batch discount. Gemini prices are
/// for prompts up to 200k tokens. Providers change prices: override them in configuration (docs/costs.md).
/// </summary>
internal static class DefaultPrices
{
    public static IReadOnlyDictionary<string, ModelPrice> Entries { get; } = new Dictionary<string, ModelPrice>(StringComparer.Ordinal)
    {
        // Anthropic. Cached input = cache reads (0.1 × input); cache writes count as input.
        ["claude-opus-4-5"] = ModelPrice.PerMillion(5m, 25m, 0.5m),
        ["claude-opus-4-1"] = ModelPrice.PerMillion(15m, 75m, 1.5m),
        ["claude-opus-4"] = ModelPrice.PerMillion(15m, 75m, 1.5m),
        ["claude-sonnet-4-5"] = ModelPrice.PerMillion(3m, 15m, 0.3m),
        ["claude-sonnet-4"] = ModelPrice.PerMillion(3m, 15m, 0.3m),
        ["claude-haiku-4-5"] = ModelPrice.PerMillion(1m, 5m, 0.1m),
        ["claude-3-7-sonnet"] = ModelPrice.PerMillion(3m, 15m, 0.3m),
        ["claude-3-5-sonnet"] = ModelPrice.PerMillion(3m, 15m, 0.3m),
        ["claude-3-5-haiku"] = ModelPrice.PerMillion(0.8m, 4m, 0.08m),
        ["claude-3-haiku"] = ModelPrice.PerMillion(0.25m, 1.25m, 0.03m),

        // The seed's prices, per 1k tokens, converted exactly. It gave no cached rate: cache reads cost as input.
        ["claude-3-opus"] = ModelPrice.PerThousand(0.015m, 0.075m),
        ["claude-3-sonnet"] = ModelPrice.PerThousand(0.003m, 0.015m),
        ["gpt-4"] = ModelPrice.PerThousand(0.03m, 0.06m),
        ["gpt-3.5-turbo"] = ModelPrice.PerThousand(0.0015m, 0.002m),

        // OpenAI. Models without a cached-input rate bill cache hits as input.
        ["gpt-5.1"] = ModelPrice.PerMillion(1.25m, 10m, 0.125m),
        ["gpt-5.1-codex"] = ModelPrice.PerMillion(1.25m, 10m, 0.125m),
        ["gpt-5.1-codex-mini"] = ModelPrice.PerMillion(0.25m, 2m, 0.025m),
        ["gpt-5"] = ModelPrice.PerMillion(1.25m, 10m, 0.125m),
        ["gpt-5-codex"] = ModelPrice.PerMillion(1.25m, 10m, 0.125m),
        ["gpt-5-mini"] = ModelPrice.PerMillion(0.25m, 2m, 0.025m),
        ["gpt-5-nano"] = ModelPrice.PerMillion(0.05m, 0.4m, 0.005m),
        ["gpt-5-pro"] = ModelPrice.PerMillion(15m, 120m),
        ["gpt-4.1"] = ModelPrice.PerMillion(2m, 8m, 0.5m),
        ["gpt-4.1-mini"] = ModelPrice.PerMillion(0.4m, 1.6m, 0.1m),
        ["gpt-4.1-nano"] = ModelPrice.PerMillion(0.1m, 0.4m, 0.025m),
        ["gpt-4o"] = ModelPrice.PerMillion(2.5m, 10m, 1.25m),
        // The first gpt-4o snapshot kept its launch price; an exact entry wins over the dated-suffix rule.
        ["gpt-4o-2024-05-13"] = ModelPrice.PerMillion(5m, 15m),
        ["gpt-4o-mini"] = ModelPrice.PerMillion(0.15m, 0.6m, 0.075m),
        ["gpt-4-turbo"] = ModelPrice.PerMillion(10m, 30m),
        ["o1"] = ModelPrice.PerMillion(15m, 60m, 7.5m),
        ["o1-mini"] = ModelPrice.PerMillion(1.1m, 4.4m, 0.55m),
        ["o1-pro"] = ModelPrice.PerMillion(150m, 600m),
        ["o3"] = ModelPrice.PerMillion(2m, 8m, 0.5m),
        ["o3-mini"] = ModelPrice.PerMillion(1.1m, 4.4m, 0.55m),
        ["o3-pro"] = ModelPrice.PerMillion(20m, 80m),
        ["o4-mini"] = ModelPrice.PerMillion(1.1m, 4.4m, 0.275m),
        ["codex-mini-latest"] = ModelPrice.PerMillion(1.5m, 6m, 0.375m),

        // Google (prompts up to 200k tokens; longer prompts cost more and are not modelled).
        ["gemini-2.5-pro"] = ModelPrice.PerMillion(1.25m, 10m, 0.125m),
        ["gemini-2.5-flash"] = ModelPrice.PerMillion(0.3m, 2.5m, 0.03m),
        ["gemini-2.5-flash-lite"] = ModelPrice.PerMillion(0.1m, 0.4m, 0.01m),
        ["gemini-2.0-flash"] = ModelPrice.PerMillion(0.1m, 0.4m, 0.025m),

        // The deterministic test agent's model (services/Worker FakeAgent), priced so that budgets can be
        // exercised end to end without spending money. No real model has this name.
        ["fake-model"] = ModelPrice.PerMillion(1m, 2m, 0.1m),
    };

    /// <summary>
    /// Names tools print for the entries above. A short alias (<c>sonnet</c>) is declared only when every meaning
    /// it has in the tools we run costs the same: <c>opus</c> and <c>haiku</c> are not, because aider and Claude
    /// Code map them to models of different prices; configure them if a plan uses them.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Aliases { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["sonnet"] = "claude-sonnet-4-5",
        ["claude-opus-4-0"] = "claude-opus-4",
        ["claude-sonnet-4-0"] = "claude-sonnet-4",
        // OpenRouter and some tools spell Claude versions with a dot.
        ["claude-opus-4.5"] = "claude-opus-4-5",
        ["claude-opus-4.1"] = "claude-opus-4-1",
        ["claude-sonnet-4.5"] = "claude-sonnet-4-5",
        ["claude-haiku-4.5"] = "claude-haiku-4-5",
        ["claude-3.7-sonnet"] = "claude-3-7-sonnet",
        ["claude-3.5-sonnet"] = "claude-3-5-sonnet",
        ["claude-3.5-haiku"] = "claude-3-5-haiku",
    };
}
