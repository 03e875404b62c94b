using Uet.Cli.Output;

namespace Uet.Cli.Tests;

public sealed class OutputTests
{
    [Theory]
    [InlineData(false, null, "xterm-256color", true)]
    [InlineData(true, null, "xterm-256color", false)]
    [InlineData(false, "1", "xterm-256color", false)]
    [InlineData(false, "", "xterm", true)]
    [InlineData(false, null, "dumb", false)]
    public void Colour_only_on_an_unredirected_terminal_without_NO_COLOR(bool redirected, string? noColor, string? term, bool rich) =>
        Assert.Equal(rich, OutputMode.ShouldUseRich(redirected, noColor, term));

    [Fact]
    public void Plain_tables_align_columns_and_right_align_numbers()
    {
        var table = new TextTable("wave", "size", "workstreams").Numeric(0, 1)
            .Row("1", "12", "ws-a, ws-b")
            .Row("10", "3", "ws-c");

        Assert.Equal(
            [
                "  wave  size  workstreams",
                "     1    12  ws-a, ws-b",
                "    10     3  ws-c",
            ],
            table.PlainLines("  "));
    }

    [Fact]
    public void Plain_console_writes_text_without_escape_codes()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var console = new PlainConsole(stdout, stderr);

        console.Line("plan ", new Styled("INVALID", Tone.Bad));
        console.Error("something broke");

        Assert.Equal("plan INVALID\n", stdout.ToString());
        Assert.Equal("uet: something broke\n", stderr.ToString());
    }

    [Fact]
    public void Rich_console_colours_and_escapes_markup_in_data()
    {
        var stdout = new StringWriter();
        var console = new RichConsole(stdout, new StringWriter());

        console.Line(new Styled("[not markup]", Tone.Bad));

        Assert.Contains("\u001b[", stdout.ToString());
        Assert.Contains("[not markup]", stdout.ToString());
    }
}
