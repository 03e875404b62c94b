using Uet.Domain.Scopes;

namespace Uet.Domain.Tests;

public class ScopePatternTests
{
    [Theory]
    [InlineData("core/engine/", "core/engine/x.py", true)]
    [InlineData("core/engine/", "core/engineering/x.py", false)]
    [InlineData("docs/adr", "docs/adr/adr-0005.md", true)]
    [InlineData("src/**/*.cs", "src/a/b.cs", true)]
    [InlineData("src/**/*.cs", "src/b.cs", true)]
    [InlineData("src/**/*.cs", "src/a/b.py", false)]
    [InlineData("src/**/*.cs", "lib/a/b.cs", false)]
    [InlineData("src/**/*.cs", "src/a/", true)]
    [InlineData("scripts/aim_*.py", "scripts/aim_status.py", true)]
    [InlineData("scripts/aim_*.py", "scripts/ccpm_install.sh", false)]
    [InlineData("src/*.cs", "src/*Test.cs", true)]
    [InlineData("src/a*.cs", "src/b*.cs", false)]
    [InlineData("src/a*", "src/*b", true)]
    [InlineData("src/?.cs", "src/ab.cs", false)]
    [InlineData("**/*.md", "docs/", true)]
    [InlineData("**/*.md", "README.md", true)]
    [InlineData("a/b.py", "a/b.py", true)]
    [InlineData("a/b.py", "a/c.py", false)]
    [InlineData("./src//a.cs", "src/a.cs", true)]
    [InlineData("src\\win\\path.cs", "src/win/path.cs", true)]
    public void Overlap_is_prefix_and_glob_aware_and_symmetric(string a, string b, bool expected)
    {
        var pa = ScopePattern.Parse(a);
        var pb = ScopePattern.Parse(b);
        Assert.Equal(expected, pa.Overlaps(pb));
        Assert.Equal(expected, pb.Overlaps(pa));
    }

    [Theory]
    [InlineData("core/engine/", "core/engine/x.py", true)]
    [InlineData("core/engine/", "core/engine/sub/x.py", true)]
    [InlineData("core/engine/", "core/enginex.py", false)]
    [InlineData("docs/adr", "docs/adr", true)]
    [InlineData("src/**/*.cs", "src/a/b/c.cs", true)]
    [InlineData("src/**/*.cs", "src/c.cs", true)]
    [InlineData("src/**/*.cs", "src/c.csx", false)]
    [InlineData("src/*/", "src/a/deep/file.txt", true)]
    [InlineData("src/*", "src/a/deep/file.txt", false)]
    [InlineData("**", "anything/at/all", true)]
    public void Matches_files(string pattern, string path, bool expected) =>
        Assert.Equal(expected, ScopePattern.Parse(pattern).Matches(path));

    [Theory]
    [InlineData("/etc/passwd", "absolute")]
    [InlineData("C:\\work\\x.cs", "absolute")]
    [InlineData("~/x", "absolute")]
    [InlineData("../outside.cs", "escapes")]
    [InlineData("src/../../x", "escapes")]
    [InlineData("  ", "empty")]
    [InlineData("./", "root")]
    public void Rejects_paths_that_leave_the_repository(string raw, string reasonWord)
    {
        Assert.False(ScopePattern.TryParse(raw, out _, out var error));
        Assert.Contains(reasonWord, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalises_text()
    {
        Assert.Equal("src/a.cs", ScopePattern.Parse("./src//a.cs").Text);
        Assert.Equal("core/engine/", ScopePattern.Parse("core\\engine\\").Text);
        Assert.True(ScopePattern.Parse("src/**/*.cs").IsGlob);
        Assert.False(ScopePattern.Parse("src/a.cs").IsGlob);
    }
}
