namespace Uet.Cli.Output;

/// <summary>What a piece of text means; the console decides how (or whether) to colour it.</summary>
public enum Tone
{
    Plain,
    Strong,
    Muted,
    Good,
    Bad,
    Warn,
    Accent,
}

/// <summary>A piece of a line with its tone. Strings convert implicitly, so <c>console.Line("a", new Styled("b", Tone.Bad))</c> reads naturally.</summary>
public readonly record struct Styled(string Text, Tone Tone = Tone.Plain)
{
    public static implicit operator Styled(string text) => new(text);
}
