using Uet.Contracts;
using Uet.Worker.Workspaces;

using static Uet.Worker.Tests.Messages;

namespace Uet.Worker.Tests;

public sealed class ScopeTests
{
    [Fact]
    public async Task Files_changed_outside_the_scope_fail_the_attempt_naming_them()
    {
        await using var h = await ExecutorHarness.CreateAsync();
        var spec = Spec("ws-s", ["echo x > outside.txt", "echo y > src/ok.txt", "mkdir -p docs && echo z > docs/d.md", "rm README.md"], scope: ["src/"]);

        var outcome = await h.RunAsync(Execute(h.Repo, spec));

        var failed = outcome.ShouldFail(FailureKind.ScopeViolation);
        Assert.Equal(["README.md", "docs/d.md", "outside.txt"], failed.Files);
        Assert.Contains("README.md, docs/d.md, outside.txt", failed.Reason);
        Assert.Contains("ws-s.json", failed.Reason);
        Assert.Null(await h.Repo.Git.TryRevParseAsync("uet/run1/ws-s"));
    }

    [Fact]
    public async Task Files_create_entries_are_allowed_besides_the_scope()
    {
        await using var h = await ExecutorHarness.CreateAsync();
        var spec = Spec("ws-c", ["echo y > src/ok.txt", "mkdir -p tests && echo t > tests/test_new.py"], scope: ["src/"], create: ["tests/test_new.py"]);

        var outcome = await h.RunAsync(Execute(h.Repo, spec));

        Assert.Equal(["src/ok.txt", "tests/test_new.py"], outcome.ShouldSucceed().ChangedFiles);
    }

    [Fact]
    public async Task The_fake_agent_can_be_made_to_violate_the_scope()
    {
        await using var h = await ExecutorHarness.CreateAsync();
        var spec = Spec("ws-v", ["write docs/notes.md: hi"], scope: ["src/"]);

        var outcome = await h.RunAsync(Execute(h.Repo, spec, FakeAgentProfile()));

        var failed = outcome.ShouldFail(FailureKind.ScopeViolation);
        Assert.Equal(["docs/notes.md"], failed.Files);
    }

    [Fact]
    public async Task Changes_the_tool_commits_itself_are_checked_too()
    {
        await using var h = await ExecutorHarness.CreateAsync();
        var spec = Spec("ws-sneaky", ["echo x > outside.txt && git add outside.txt && git -c user.name=t -c user.email=t@example.com commit -qm sneaky"], scope: ["src/"]);

        var outcome = await h.RunAsync(Execute(h.Repo, spec));

        var failed = outcome.ShouldFail(FailureKind.ScopeViolation);
        Assert.Equal(["outside.txt"], failed.Files);
    }

    [Fact]
    public async Task Files_tools_keep_for_themselves_are_neither_committed_nor_a_violation()
    {
        await using var h = await ExecutorHarness.CreateAsync();
        var spec = Spec("ws-aider", ["echo history > .aider.chat.history.md && mkdir -p .aider.tags.cache.v4 && echo x > .aider.tags.cache.v4/c", "echo y > src/y.txt"]);

        var succeeded = (await h.RunAsync(Execute(h.Repo, spec))).ShouldSucceed();

        Assert.Equal(["src/y.txt"], succeeded.ChangedFiles);
        Assert.DoesNotContain(await h.Repo.FilesAtAsync(succeeded.Commit), f => f.StartsWith(".aider", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("src/a.py", "src/a.py", true)]
    [InlineData("src/a.py", "src/a.pyc", false)]
    [InlineData("src/", "src/deep/a.py", true)]
    [InlineData("src/", "srcx/a.py", false)]
    [InlineData("core/engine", "core/engine/x.py", true)]
    [InlineData("core/engine", "core/engine2/x.py", false)]
    [InlineData("./docs/", "docs/a.md", true)]
    [InlineData("src/*.py", "src/a.py", true)]
    [InlineData("src/*.py", "src/sub/a.py", false)]
    [InlineData("src/**/*.py", "src/a.py", true)]
    [InlineData("src/**/*.py", "src/x/y/a.py", true)]
    [InlineData("src/**/*.py", "src/x/y/a.txt", false)]
    [InlineData("**/test_*.py", "tests/unit/test_a.py", true)]
    [InlineData("src/?.py", "src/a.py", true)]
    [InlineData("src/?.py", "src/ab.py", false)]
    [InlineData("src/*/", "src/pkg/mod.py", true)]
    [InlineData("a+b/(x).txt", "a+b/(x).txt", true)]
    [InlineData("src/a[1].py", "src/a[1].py", true)]
    public void Scope_entries_match_files_directories_and_globs(string pattern, string path, bool expected) =>
        Assert.Equal(expected, ScopeMatcher.Matches(pattern, path));
}
