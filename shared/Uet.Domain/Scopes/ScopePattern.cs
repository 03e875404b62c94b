namespace Uet.Domain.Scopes;

/// <summary>
/// One entry of <c>files_scope</c> / <c>files_create</c>: a repo-relative path, a directory prefix
/// (<c>core/engine/</c>) or a glob (<c>src/**/*.cs</c>, <c>scripts/aim_*.py</c>).
/// </summary>
/// <remarks>
/// A path without a trailing slash may name a file or a directory (the seed plan writes <c>docs/adr</c>
/// for a folder), so it also covers what lies beneath it. Globs know <c>*</c> and <c>?</c> within a segment
/// and <c>**</c> for any number of segments; a glob covers only what it matches, unless it ends with a slash.
/// Only the normalised text is kept (plans hold hundreds of thousands of these); segments are sliced on demand.
/// </remarks>
public sealed class ScopePattern
{
    private readonly int _bodyLength;

    private ScopePattern(string text, int bodyLength, bool isGlob, bool isDirectory, bool coversSubtree, int literalPrefixLength)
    {
        Text = text;
        _bodyLength = bodyLength;
        IsGlob = isGlob;
        IsDirectory = isDirectory;
        CoversSubtree = coversSubtree;
        LiteralPrefixLength = literalPrefixLength;
    }

    /// <summary>The normalised pattern: forward slashes, no <c>./</c>, no doubled slashes.</summary>
    public string Text { get; }

    public bool IsGlob { get; }

    /// <summary>Written with a trailing slash: everything beneath it is covered.</summary>
    public bool IsDirectory { get; }

    /// <summary>
    /// Whether what lies beneath the pattern is covered too. A literal without a dot in its last segment is
    /// probably a folder ("docs/adr", "src/utils"); "src/a/b.py" is a file, so "src/**/*.cs" cannot touch it
    /// and it holds no "src/a/b.py/x".
    /// </summary>
    internal bool CoversSubtree { get; }

    /// <summary>
    /// Length in characters of the leading segments without wildcards (<c>src/a</c> of <c>src/a/**/*.cs</c>);
    /// two patterns can only overlap when one's literal prefix starts the other's.
    /// </summary>
    internal int LiteralPrefixLength { get; }

    /// <summary>The pattern without its trailing slash.</summary>
    internal ReadOnlySpan<char> Body => Text.AsSpan(0, _bodyLength);

    internal ReadOnlySpan<char> LiteralPrefix => Text.AsSpan(0, LiteralPrefixLength);

    /// <summary>Parses and normalises a scope entry; returns the reason when it is not acceptable.</summary>
    public static bool TryParse(string raw, out ScopePattern pattern, out string error) =>
        TryParse(raw, out pattern, out error, out _);

    /// <summary>As <see cref="TryParse(string, out ScopePattern, out string)"/>; <paramref name="escapes"/> tells an absolute or <c>..</c> path from an empty one.</summary>
    internal static bool TryParse(string raw, out ScopePattern pattern, out string error, out bool escapes)
    {
        pattern = null!;
        error = "";
        escapes = false;
        var trimmed = raw.AsSpan().Trim();
        if (trimmed.IsEmpty)
        {
            error = "the path is empty";
            return false;
        }
        if (trimmed[0] is '/' or '\\' or '~' || (trimmed.Length >= 2 && char.IsAsciiLetter(trimmed[0]) && trimmed[1] == ':'))
        {
            error = $"'{raw}' is an absolute path";
            escapes = true;
            return false;
        }

        // Rebuild the path segment by segment: drop empty and "." segments, refuse "..".
        Span<char> buffer = trimmed.Length <= 512 ? stackalloc char[trimmed.Length + 1] : new char[trimmed.Length + 1];
        var length = 0;
        var isGlob = false;
        var literalPrefix = -1;
        var lastSegmentStart = 0;
        var rest = trimmed;
        while (!rest.IsEmpty)
        {
            var cut = rest.IndexOfAny('/', '\\');
            var segment = cut < 0 ? rest : rest[..cut];
            rest = cut < 0 ? [] : rest[(cut + 1)..];
            if (segment.IsEmpty || segment is ".")
            {
                continue;
            }
            if (segment is "..")
            {
                error = $"'{raw}' escapes the repository with '..'";
                escapes = true;
                return false;
            }
            if (length > 0)
            {
                buffer[length++] = '/';
            }
            if (!isGlob && HasWildcard(segment))
            {
                isGlob = true;
                literalPrefix = Math.Max(0, length - 1);
            }
            lastSegmentStart = length;
            segment.CopyTo(buffer[length..]);
            length += segment.Length;
        }
        if (length == 0)
        {
            error = $"'{raw}' names the repository root; name the files or folders instead";
            return false;
        }

        var isDirectory = trimmed[^1] is '/' or '\\';
        var body = buffer[..length];
        if (isDirectory)
        {
            buffer[length] = '/';
        }
        var textSpan = buffer[..(length + (isDirectory ? 1 : 0))];
        var text = textSpan.SequenceEqual(raw) ? raw : new string(textSpan);
        var coversSubtree = isDirectory || (!isGlob && !body[lastSegmentStart..].Contains('.'));
        pattern = new ScopePattern(text, length, isGlob, isDirectory, coversSubtree, isGlob ? literalPrefix : length);
        return true;
    }

    /// <summary>Parses a pattern that is known to be valid (throws otherwise).</summary>
    public static ScopePattern Parse(string raw) =>
        TryParse(raw, out var pattern, out var error) ? pattern : throw new ArgumentException(error, nameof(raw));

    /// <summary>Whether a repo-relative file path falls under this pattern.</summary>
    public bool Matches(string relativePath)
    {
        var path = relativePath.Contains('\\') ? relativePath.Replace('\\', '/') : relativePath;
        if (!IsGlob)
        {
            var trimmed = path.AsSpan().Trim('/');
            return CoversSubtree ? IsSegmentPrefix(Body, trimmed) : Body.SequenceEqual(trimmed);
        }
        return GlobMatcher.MatchesPath(Body, CoversSubtree, path.AsSpan().Trim('/'));
    }

    /// <summary>Whether some path could be covered by both patterns.</summary>
    public bool Overlaps(ScopePattern other)
    {
        if (!IsGlob && !other.IsGlob)
        {
            // Equal paths overlap; otherwise the shorter must be a folder holding the longer.
            return Body.SequenceEqual(other.Body)
                || (CoversSubtree && IsSegmentPrefix(Body, other.Body))
                || (other.CoversSubtree && IsSegmentPrefix(other.Body, Body));
        }
        if (!other.IsGlob)
        {
            return GlobMatcher.MatchesLiteral(Body, CoversSubtree, other.Body, other.CoversSubtree);
        }
        if (!IsGlob)
        {
            return GlobMatcher.MatchesLiteral(other.Body, other.CoversSubtree, Body, CoversSubtree);
        }
        return GlobMatcher.Intersect(Body, CoversSubtree, other.Body, other.CoversSubtree);
    }

    public override string ToString() => Text;

    /// <summary>Whether <paramref name="prefix"/> is <paramref name="path"/> or one of its parent folders.</summary>
    internal static bool IsSegmentPrefix(ReadOnlySpan<char> prefix, ReadOnlySpan<char> path) =>
        path.StartsWith(prefix, StringComparison.Ordinal) && (path.Length == prefix.Length || path[prefix.Length] == '/');

    internal static bool HasWildcard(ReadOnlySpan<char> segment) => segment.IndexOfAny('*', '?') >= 0;
}
