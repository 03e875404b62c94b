using Uet.Contracts.Plans;
using Uet.Domain;
using Uet.Worker.Tools;

namespace Uet.Worker.Tests;

public sealed class ToolInvocationTests
{
    private static readonly ToolProfile Aider = new()
    {
        Name = "aider",
        Model = "sonnet",
        Command = ["aider", "--model", "{model}", "--message-file", "{prompt_file}", "--", "{files}"],
    };

    [Fact]
    public void Placeholders_expand_and_files_become_one_argument_each()
    {
        var argv = ToolInvocations.ExpandTemplate(Aider, "the prompt", "/state/p.txt", ["a b.py", "c.py"]);

        Assert.Equal(["aider", "--model", "sonnet", "--message-file", "/state/p.txt", "--", "a b.py", "c.py"], argv);
    }

    [Fact]
    public void The_prompt_is_one_argument_whatever_it_contains()
    {
        var tool = new ToolProfile { Name = "claude", Command = ["claude", "-p", "{prompt}"] };

        var argv = ToolInvocations.ExpandTemplate(tool, "line 1\n$(rm -rf /) 'quoted' \"x\"", "", []);

        Assert.Equal(["claude", "-p", "line 1\n$(rm -rf /) 'quoted' \"x\""], argv);
    }

    [Fact]
    public void Files_inside_a_larger_argument_is_rejected_with_the_fix()
    {
        var tool = Aider with { Command = ["aider", "--files={files}"] };

        var error = Assert.Throws<ToolConfigurationException>(() => ToolInvocations.ExpandTemplate(tool, "", "", ["a.py"]));

        Assert.Contains("'aider'", error.Message);
        Assert.Contains("whole argument", error.Message);
    }

    [Fact]
    public void A_model_placeholder_without_a_model_names_the_profile_and_the_fix()
    {
        var error = Assert.Throws<ToolConfigurationException>(() => ToolInvocations.ExpandTemplate(Aider with { Model = null }, "", "", []));

        Assert.Contains("'aider'", error.Message);
        Assert.Contains("add \"model\"", error.Message);
    }

    [Fact]
    public void Only_plain_files_in_scope_that_exist_inside_the_worktree_are_passed()
    {
        var root = Directory.CreateTempSubdirectory("uet-files-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "wt", "src"));
            File.WriteAllText(Path.Combine(root, "wt", "src", "a.py"), "");
            File.WriteAllText(Path.Combine(root, "outside.py"), "");
            var spec = new WorkstreamSpec
            {
                Id = "ws",
                FilesScope = ["src/", "src/a.py", "src/*.py", "../outside.py", "src/missing.py"],
                FilesCreate = ["src/a.py", "src/new.py"],
            };

            Assert.Equal(["src/a.py"], ToolInvocations.FilesInScopeThatExist(spec, Path.Combine(root, "wt")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Every_built_in_profile_has_a_known_usage_format_and_a_runnable_template()
    {
        foreach (var profile in ToolCatalog.Profiles(new PlanSettings()).Values)
        {
            Assert.NotNull(Uet.Worker.Usage.UsageParsers.For(profile.UsageFormat, profile.Model));
            if (profile.Kind == ToolKind.Command)
            {
                var argv = ToolInvocations.ExpandTemplate(profile, "the prompt", "/state/p.txt", ["src/a.py"]);
                Assert.DoesNotContain(argv, a => a.Contains('{'));
                Assert.True(argv.Contains("the prompt") || argv.Contains("/state/p.txt"), $"{profile.Name} passes no prompt");
            }
        }

        Assert.Equal(["aider", "claude", "codex", "fake-agent", "shell"], ToolCatalog.Profiles(new PlanSettings()).Keys.Order());
    }

    [Theory]
    [InlineData(0, "Slots")]
    [InlineData(-1, "Slots")]
    public void Worker_options_are_validated_with_the_setting_named(int slots, string named)
    {
        var error = Assert.Throws<ArgumentException>(() => new WorkerOptions { Slots = slots }.Validate());

        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void The_default_worker_id_is_safe_for_paths_and_queue_names()
    {
        var options = new WorkerOptions();

        options.Validate();
        Assert.NotEqual(options.WorkerId, new WorkerOptions().WorkerId);
        Assert.Contains($"-{Environment.ProcessId}-", options.WorkerId);
    }
}
