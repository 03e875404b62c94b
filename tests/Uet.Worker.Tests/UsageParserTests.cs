using Uet.Worker.Tools;
using Uet.Worker.Usage;

namespace Uet.Worker.Tests;

/// <summary>Each parser against output recorded in the shape each CLI prints (Samples/).</summary>
public sealed class UsageParserTests
{
    [Fact]
    public void Claude_json_output_reports_usage_and_cost_per_model()
    {
        var usage = Parse("claude", "claude-json.txt", defaultModel: "sonnet");

        Assert.Equal(
            [
                new ParsedUsage("claude-sonnet-4-5-20250929", 23 + 6188, 1179, 41234, 0.07904745m),
                new ParsedUsage("claude-haiku-4-5-20251001", 3120, 402, 0, 0.005076m),
            ],
            usage);
        Assert.Equal(0.08412345m, usage.Sum(u => u.CostUsd));
    }

    [Fact]
    public void Claude_stream_json_reports_the_result_usage_once_with_the_model_from_the_session()
    {
        var usage = Parse("claude", "claude-stream.jsonl", defaultModel: "sonnet");

        Assert.Equal([new ParsedUsage("claude-opus-4-1-20250805", 10 + 5520, 503, 29298, 0.2113575m)], usage);
    }

    [Fact]
    public void A_pretty_printed_claude_result_is_read_when_the_output_ends()
    {
        var usage = Parse("claude", "claude-json-pretty.txt", defaultModel: null);

        Assert.Equal([new ParsedUsage("claude", 1200, 230, 800, 0.0312m)], usage);
    }

    [Fact]
    public void Codex_exec_json_reports_each_turn_without_counting_cached_tokens_as_input()
    {
        var usage = Parse("codex", "codex-exec.jsonl", defaultModel: "gpt-5-codex");

        Assert.Equal(
            [
                new ParsedUsage("gpt-5-codex", 24763 - 24448, 122, 24448, null),
                new ParsedUsage("gpt-5-codex", 9120, 45, 0, null),
            ],
            usage);
    }

    [Fact]
    public void Older_codex_token_count_events_are_read_flat_or_from_last_token_usage()
    {
        Assert.Equal(
            [new ParsedUsage("codex-mini-latest", 5210 - 3072, 388, 3072, null)],
            Parse("codex", "codex-exec-legacy-flat.jsonl", defaultModel: "gpt-5-codex"));
        Assert.Equal(
            [
                new ParsedUsage("gpt-5", 7034 - 5120, 211, 5120, null),
                new ParsedUsage("gpt-5", 8284 - 7040, 94, 7040, null),
            ],
            Parse("codex", "codex-exec-legacy-info.jsonl", defaultModel: "gpt-5-codex"));
    }

    [Fact]
    public void Aider_token_reports_are_read_with_k_and_M_suffixes_thousands_separators_and_cache_hits()
    {
        Assert.Equal(
            [
                new ParsedUsage("anthropic/claude-sonnet-4-20250514", 4700 - 1100, 120, 1100, 0.02m),
                new ParsedUsage("anthropic/claude-sonnet-4-20250514", 12345, 1200, 0, 0.04m),
            ],
            Parse("aider", "aider-output.txt", defaultModel: "sonnet"));
        Assert.Equal(
            [
                new ParsedUsage("gpt-4o", 2500, 312, 0, 0.01m),
                new ParsedUsage("gpt-4o", 1_100_000, 25_000, 0, null),
            ],
            Parse("aider", "aider-output-old.txt", defaultModel: null));
    }

    [Fact]
    public void Our_usage_lines_are_read_under_every_format_but_none()
    {
        List<ParsedUsage> expected =
        [
            new("gpt-4.1", 1520, 310, 0, null),
            new("gemini-2.5-pro", 9000, 1200, 4000, 0.0345m),
            new("wrapper-default", 5, 1, 0, null),
        ];

        foreach (var format in new[] { "jsonl", "claude", "codex", "aider" })
        {
            Assert.Equal(expected, Parse(format, "jsonl-wrapper.txt", defaultModel: "wrapper-default"));
        }

        Assert.Empty(Parse("none", "jsonl-wrapper.txt", defaultModel: null));
    }

    [Fact]
    public void An_unknown_usage_format_is_rejected_with_the_known_ones()
    {
        var error = Assert.Throws<ToolConfigurationException>(() => UsageParsers.For("xml", null));

        Assert.Contains("'xml'", error.Message);
        Assert.Contains("jsonl, claude, codex, aider, none", error.Message);
    }

    private static List<ParsedUsage> Parse(string format, string sample, string? defaultModel)
    {
        var parser = UsageParsers.For(format, defaultModel);
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Samples", sample));
        var usage = lines.SelectMany(parser.ParseLine).ToList();
        usage.AddRange(parser.Complete());
        return usage;
    }
}
