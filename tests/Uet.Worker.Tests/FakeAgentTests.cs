using System.Text.Json;

using Uet.Contracts;
using Uet.Worker.Tools;

using static Uet.Worker.Tests.Messages;

namespace Uet.Worker.Tests;

public sealed class FakeAgentTests
{
    [Fact]
    public async Task The_fake_agent_edits_files_per_task_and_prints_one_usage_line_per_task()
    {
        await using var h = await ExecutorHarness.CreateAsync();
        string[] tasks = ["write src/new.txt: first", "append src/new.txt: second", "delete src/app.txt", "implement the greeting"];
        var spec = Spec("ws-f", tasks, scope: ["src/"], create: ["src/notes.md"]);

        var outcome = await h.RunAsync(Execute(h.Repo, spec, FakeAgentProfile()));

        var succeeded = outcome.ShouldSucceed();
        Assert.Equal(["src/app.txt", "src/new.txt", "src/notes.md"], succeeded.ChangedFiles);
        Assert.Equal("first\nsecond\n", await h.Repo.ShowAsync(succeeded.Commit, "src/new.txt"));
        Assert.Equal("ws-f: implement the greeting\n", await h.Repo.ShowAsync(succeeded.Commit, "src/notes.md"));
        Assert.DoesNotContain("src/app.txt", await h.Repo.FilesAtAsync(succeeded.Commit));

        var usage = h.Events.Of<UsageReported>();
        Assert.Equal([1, 2, 3, 4], usage.Select(u => u.Sequence));
        Assert.All(usage, u => Assert.Equal(FakeAgent.Model, u.Model));
        int[] written = ["first\n".Length, "second\n".Length, 0, "ws-f: implement the greeting\n".Length];
        var expected = tasks.Select((t, i) => FakeAgent.TokensFor(t, written[i])).ToList();
        Assert.Equal(expected, usage.Select(u => (u.InputTokens, u.OutputTokens)));
    }

    [Fact]
    public async Task Without_files_create_the_fake_agent_appends_to_the_first_plain_file_of_the_scope()
    {
        await using var h = await ExecutorHarness.CreateAsync();
        var spec = Spec("ws-g", ["add logging"], scope: ["docs/", "src/*.txt", "src/app.txt"]);

        var outcome = await h.RunAsync(Execute(h.Repo, spec, FakeAgentProfile()));

        var succeeded = outcome.ShouldSucceed();
        Assert.Equal("app\nws-g: add logging\n", await h.Repo.ShowAsync(succeeded.Commit, "src/app.txt"));
    }

    [Fact]
    public async Task A_fail_task_makes_the_fake_agent_exit_1_with_its_message()
    {
        await using var h = await ExecutorHarness.CreateAsync();
        var spec = Spec("ws-h", ["write src/a.txt: a", "fail: the model gave up", "write src/b.txt: b"]);

        var outcome = await h.RunAsync(Execute(h.Repo, spec, FakeAgentProfile()));

        var failed = outcome.ShouldFail(FailureKind.Tool);
        Assert.Contains("exited with code 1", failed.Reason);
        Assert.Contains("the model gave up", failed.Reason);
        Assert.False(File.Exists(Path.Combine(h.Worktree(), "src/b.txt")));
        Assert.Equal(2, h.Events.Of<UsageReported>().Count);
    }

    [Theory]
    [InlineData("write ../escaped.txt: x")]
    [InlineData("append /tmp/uet-fake-agent-absolute.txt: x")]
    [InlineData("write .git/config: x")]
    [InlineData("delete ../escaped.txt")]
    public void The_fake_agent_never_writes_outside_the_worktree(string task)
    {
        var root = Directory.CreateTempSubdirectory("uet-fake-agent-").FullName;
        try
        {
            var worktree = Path.Combine(root, "wt");
            Directory.CreateDirectory(Path.Combine(worktree, ".git"));
            File.WriteAllText(Path.Combine(root, "escaped.txt"), "keep\n");
            var promptFile = Path.Combine(root, "prompt.json");
            File.WriteAllText(promptFile, JsonSerializer.Serialize(new FakeAgentPrompt("ws", [task], ["src/"], [], [])));
            var stdout = new StringWriter();
            var stderr = new StringWriter();

            var exit = FakeAgent.Run(["--prompt-file", promptFile], stdout, stderr, worktree);

            Assert.Equal(2, exit);
            Assert.Contains("leaves the worktree", stderr.ToString());
            Assert.Equal("keep\n", File.ReadAllText(Path.Combine(root, "escaped.txt")));
            Assert.False(File.Exists("/tmp/uet-fake-agent-absolute.txt"));
            Assert.False(File.Exists(Path.Combine(worktree, ".git", "config")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Bad_arguments_are_explained()
    {
        var stderr = new StringWriter();

        var exit = FakeAgent.Run(["--bogus"], new StringWriter(), stderr, Path.GetTempPath());

        Assert.Equal(2, exit);
        Assert.Contains("unknown argument '--bogus'", stderr.ToString());
    }
}
