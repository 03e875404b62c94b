namespace Uet.Domain.Scopes;

/// <summary>
/// One entry of <c>files_scope</c> / <c>files_create</c>: a repo-relative path, a directory prefix
/// (<c>core/engine/</c>) or a glob (<c>src/**/*.cs</c>, <c>scripts/aim_*.py</c>).
/// </summary>
/// <remarks>
/// A path without a trailing slash may name a file or a directory (the seed plan writes <c>docs/adr</c>
/// for a folder), so it also covers what lies beneath it. Globs know <c>*</c> and <c>?</c> within a segment
/// and <c>**</c> for any number of segments; a glob covers only what it matches, unless it ends with a slash.
/// </remarks>
public sealed class ScopePattern
{
    private ScopePattern(string text, string[] segments, bool isGlob, bool isDirectory, int literalPrefixLength)
    {
        Text = text;
        Segments = segments;
        IsGlob = isGlob;
        IsDirectory = isDirectory;
        LiteralPrefixLength = literalPrefixLength;
    }

    /// <summary>The normalised pattern: forward slashes, no <c>./</c>, no doubled slashes.</summary>
    public string Text { get; }

    public bool IsGlob { get; }

    /// <summary>Written with a trailing slash: everything beneath it is covered.</summary>
    public bool IsDirectory { get; }

    internal string[] Segments { get; }

    /// <summary>Leading segments without wildcards; two patterns can only overlap when one's prefix starts the other's.</summary>
    internal int LiteralPrefixLength { get; }

    /// <summary>Parses and normalises a scope entry; returns the reason when it is not acceptable.</summary>
    public static bool TryParse(string raw, out ScopePattern pattern, out string error) =>
        TryParse(raw, out pattern, out error, out _);

    /// <summary>As <see cref="TryParse(string, out ScopePattern, out string)"/>; <paramref name="escapes"/> tells an absolute or <c>..</c> path from an empty one.</summary>
    internal static bool TryParse(string raw, out ScopePattern pattern, out string error, out bool escapes)
    {
        pattern = null!;
        error = "";
        escapes = false;
        var text = raw.Trim().Replace('\\', '/');
        if (text.Length == 0)
        {
            error = "the path is empty";
            return false;
        }
        if (text[0] == '/' || text[0] == '~' || (text.Length >= 2 && char.IsAsciiLetter(text[0]) && text[1] == ':'))
        {
            error = $"'{raw}' is an absolute path";
            escapes = true;
            return false;
        }

        var isDirectory = text.EndsWith('/');
        var parts = text.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var segments = new List<string>(parts.Length);
        foreach (var part in parts)
        {
            if (part == ".")
            {
                continue;
            }
            if (part == "..")
            {
                error = $"'{raw}' escapes the repository with '..'";
                escapes = true;
                return false;
            }
            segments.Add(part);
        }
        if (segments.Count == 0)
        {
            error = $"'{raw}' names the repository root; name the files or folders instead";
            return false;
        }

        var literal = 0;
        while (literal < segments.Count && !HasWildcard(segments[literal]))
        {
            literal++;
        }
        var isGlob = literal < segments.Count;
        var normalised = string.Join('/', segments) + (isDirectory ? "/" : "");
        pattern = new ScopePattern(normalised, [.. segments], isGlob, isDirectory, literal);
        return true;
    }

    /// <summary>Parses a pattern that is known to be valid (throws otherwise).</summary>
    public static ScopePattern Parse(string raw) =>
        TryParse(raw, out var pattern, out var error) ? pattern : throw new ArgumentException(error, nameof(raw));

    /// <summary>Whether a repo-relative file path falls under this pattern.</summary>
    public bool Matches(string relativePath)
    {
        var path = relativePath.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (!IsGlob)
        {
            if (path.Length < Segments.Length)
            {
                return false;
            }
            for (var i = 0; i < Segments.Length; i++)
            {
                if (!string.Equals(path[i], Segments[i], StringComparison.Ordinal))
                {
                    return false;
                }
            }
            return true;
        }
        return GlobMatcher.MatchSegments(EffectiveSegments(), path);
    }

    /// <summary>Whether some path could be covered by both patterns.</summary>
    public bool Overlaps(ScopePattern other)
    {
        if (!IsGlob && !other.IsGlob)
        {
            return IsSegmentPrefix(Segments, other.Segments) || IsSegmentPrefix(other.Segments, Segments);
        }
        return GlobMatcher.Intersect(EffectiveSegments(), other.EffectiveSegments());
    }

    public override string ToString() => Text;

    private string[] EffectiveSegments() => CoversSubtree() ? [.. Segments, "**"] : Segments;

    // A literal without a dot in its last segment is probably a folder ("docs/adr", "src/utils"); a glob
    // compared with it must also consider what lies beneath. "src/a/b.py" is a file: "src/**/*.cs" cannot touch it.
    private bool CoversSubtree() =>
        IsDirectory || (!IsGlob && !Segments[^1].Contains('.', StringComparison.Ordinal));

    private static bool IsSegmentPrefix(string[] prefix, string[] path)
    {
        if (prefix.Length > path.Length)
        {
            return false;
        }
        for (var i = 0; i < prefix.Length; i++)
        {
            if (!string.Equals(prefix[i], path[i], StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }

    internal static bool HasWildcard(string segment) => segment.AsSpan().IndexOfAny('*', '?') >= 0;
}
