using Uet.Contracts.Plans;

using static Uet.Domain.Tests.TestPlans;

namespace Uet.Domain.Tests;

public class ToolCatalogTests
{
    [Fact]
    public void Built_in_profiles_have_real_command_lines()
    {
        var profiles = ToolCatalog.Profiles(new PlanSettings());

        Assert.Equal(ToolKind.Shell, profiles["shell"].Kind);
        Assert.Equal(ToolKind.FakeAgent, profiles["fake-agent"].Kind);
        Assert.Empty(profiles["fake-agent"].Command);
        Assert.Equal(["aider", "--yes-always", "--no-auto-commits", "--no-check-update", "--no-pretty", "--no-stream", "--no-gitignore", "--model", "{model}", "--message-file", "{prompt_file}", "{files}"], profiles["aider"].Command);
        Assert.Equal(["claude", "-p", "{prompt}", "--output-format", "json", "--permission-mode", "acceptEdits", "--model", "{model}"], profiles["claude"].Command);
        Assert.Equal(["codex", "exec", "--json", "--full-auto", "--model", "{model}", "{prompt}"], profiles["codex"].Command);
        Assert.Contains("ANTHROPIC_API_KEY", profiles["claude"].EnvAllow);
        Assert.DoesNotContain("ANTHROPIC_API_KEY", profiles["codex"].EnvAllow);
        Assert.Equal((128_000L, "aider"), (profiles["aider"].ContextWindow, profiles["aider"].UsageFormat));
        Assert.Equal((200_000L, "claude"), (profiles["claude"].ContextWindow, profiles["claude"].UsageFormat));
        Assert.Equal((128_000L, "codex"), (profiles["codex"].ContextWindow, profiles["codex"].UsageFormat));
    }

    [Fact]
    public void Plan_profiles_win_over_built_ins_and_can_add_new_ones()
    {
        var settings = new PlanSettings
        {
            Tools = new Dictionary<string, ToolProfile>
            {
                ["aider"] = new() { Name = "aider", Command = ["my-aider", "{prompt}"], TimeoutSeconds = 60 },
                ["lint"] = new() { Name = "lint", Kind = ToolKind.Shell },
            },
        };
        var profiles = ToolCatalog.Profiles(settings);

        Assert.Equal(["my-aider", "{prompt}"], profiles["aider"].Command);
        Assert.Equal(ToolKind.Shell, profiles["lint"].Kind);
        Assert.Equal("claude", profiles["claude"].Command[0]);
    }

    [Fact]
    public void Resolve_uses_the_workstream_tool_then_the_default()
    {
        var settings = new PlanSettings { DefaultTool = "claude" };
        Assert.Equal("shell", ToolCatalog.Resolve(settings, Ws("ws-a")).Name);
        Assert.Equal("claude", ToolCatalog.Resolve(settings, Ws("ws-a") with { Tool = null }).Name);
    }

    [Fact]
    public void Resolve_explains_an_unknown_or_missing_tool()
    {
        var unknown = Assert.Throws<InvalidOperationException>(() =>
            ToolCatalog.Resolve(new PlanSettings(), Ws("ws-a") with { Tool = "emacs" }));
        Assert.Contains("'emacs'", unknown.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => ToolCatalog.Resolve(new PlanSettings(), Ws("ws-a") with { Tool = null }));
    }
}
