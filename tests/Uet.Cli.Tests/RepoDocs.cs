using System.Text.RegularExpressions;

namespace Uet.Cli.Tests;

/// <summary>The repository's docs folder (found by walking up from the tests) and the JSON examples in its Markdown.</summary>
internal static partial class RepoDocs
{
    public static string Dir { get; } = Find();

    public static string Schema(string name) => Path.Combine(Dir, "schemas", name);

    /// <summary>The ```json blocks of a Markdown file under the heading that starts with <paramref name="heading"/> (up to the next heading of that level).</summary>
    public static IReadOnlyList<string> JsonBlocks(string markdownFile, string heading) => Blocks(markdownFile, heading, "json");

    /// <summary>The fenced blocks of one language under a heading, each with its final newline.</summary>
    public static IReadOnlyList<string> Blocks(string markdownFile, string heading, string language)
    {
        var text = "\n" + File.ReadAllText(Path.Combine(Dir, markdownFile)).ReplaceLineEndings("\n");
        var start = text.IndexOf("\n" + heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"heading '{heading}' not found in {markdownFile}");
        var level = heading.TakeWhile(c => c == '#').Count();
        var next = Regex.Match(text[(start + 1 + heading.Length)..], $"\\n#{{1,{level}}} ");
        var section = next.Success ? text.Substring(start, heading.Length + 1 + next.Index) : text[start..];
        return FencedBlock().Matches(section).Where(m => m.Groups[1].Value == language).Select(m => m.Groups[2].Value).ToList();
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "docs", "schemas", "workstream.schema.json");
            if (File.Exists(candidate))
            {
                return Path.Combine(dir.FullName, "docs");
            }
        }

        throw new DirectoryNotFoundException($"docs/schemas not found above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex("```([a-z]*)\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex FencedBlock();
}
