namespace Uet.Domain.Scopes;

/// <summary>
/// Glob matching over path segments: <c>*</c> and <c>?</c> inside a segment, <c>**</c> for zero or more segments.
/// Patterns arrive as text; their segments are sliced into stack memory, so nothing is allocated.
/// A pattern that covers its subtree behaves as if it ended with one more <c>/**</c>.
/// </summary>
internal static class GlobMatcher
{
    private const int StackSegments = 32;

    /// <summary>The segments of a pattern, with the implicit trailing <c>**</c> of a subtree.</summary>
    private readonly ref struct Segments(ReadOnlySpan<char> text, ReadOnlySpan<Range> ranges, bool tail)
    {
        private readonly ReadOnlySpan<char> _text = text;
        private readonly ReadOnlySpan<Range> _ranges = ranges;
        private readonly bool _tail = tail;

        public int Count => _ranges.Length + (_tail ? 1 : 0);

        public ReadOnlySpan<char> this[int i] => i < _ranges.Length ? _text[_ranges[i]] : "**";
    }

    public static bool MatchesPath(ReadOnlySpan<char> glob, bool globSubtree, ReadOnlySpan<char> path)
    {
        Span<Range> g = stackalloc Range[StackSegments];
        Span<Range> p = stackalloc Range[StackSegments];
        return MatchFrom(Split(glob, ref g, globSubtree), 0, Split(path, ref p, false), 0, false);
    }

    /// <summary>Whether the glob matches the literal path, or (when <paramref name="literalSubtree"/>) some path beneath it.</summary>
    public static bool MatchesLiteral(ReadOnlySpan<char> glob, bool globSubtree, ReadOnlySpan<char> literal, bool literalSubtree)
    {
        Span<Range> g = stackalloc Range[StackSegments];
        Span<Range> p = stackalloc Range[StackSegments];
        return MatchFrom(Split(glob, ref g, globSubtree), 0, Split(literal, ref p, false), 0, literalSubtree);
    }

    /// <summary>Whether some path matches both globs.</summary>
    public static bool Intersect(ReadOnlySpan<char> a, bool aSubtree, ReadOnlySpan<char> b, bool bSubtree)
    {
        Span<Range> ra = stackalloc Range[StackSegments];
        Span<Range> rb = stackalloc Range[StackSegments];
        var sa = Split(a, ref ra, aSubtree);
        var sb = Split(b, ref rb, bSubtree);
        var size = (sa.Count + 1) * (sb.Count + 1);
        Span<sbyte> memo = size <= 1024 ? stackalloc sbyte[size] : new sbyte[size];
        memo.Clear();
        return IntersectFrom(sa, 0, sb, 0, memo);
    }

    private static Segments Split(ReadOnlySpan<char> text, ref Span<Range> ranges, bool tail)
    {
        var count = text.Count('/') + 1;
        if (count > ranges.Length)
        {
            ranges = new Range[count];
        }
        var written = text.Split(ranges, '/');
        return new Segments(text, ranges[..written], tail);
    }

    /// <summary>
    /// Matches glob segments against path segments. When <paramref name="orBeneath"/>, running out of path
    /// first still succeeds: a path beneath it can satisfy whatever the glob still wants.
    /// </summary>
    private static bool MatchFrom(Segments glob, int i, Segments path, int j, bool orBeneath)
    {
        while (i < glob.Count)
        {
            if (glob[i] is "**")
            {
                while (i + 1 < glob.Count && glob[i + 1] is "**")
                {
                    i++;
                }
                for (var k = j; k <= path.Count; k++)
                {
                    if (MatchFrom(glob, i + 1, path, k, orBeneath))
                    {
                        return true;
                    }
                }
                return false;
            }
            if (j == path.Count)
            {
                return orBeneath;
            }
            if (!MatchSegment(glob[i], path[j]))
            {
                return false;
            }
            i++;
            j++;
        }
        return j == path.Count;
    }

    /// <summary>Matches one segment pattern (<c>*</c>, <c>?</c>) against one concrete name.</summary>
    public static bool MatchSegment(ReadOnlySpan<char> pattern, ReadOnlySpan<char> name)
    {
        if (!ScopePattern.HasWildcard(pattern))
        {
            return pattern.SequenceEqual(name);
        }
        // Classic greedy wildcard matching with one backtrack point.
        int p = 0, n = 0, star = -1, mark = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == name[n]))
            {
                p++;
                n++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = n;
            }
            else if (star >= 0)
            {
                p = star + 1;
                n = ++mark;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }
        return p == pattern.Length;
    }

    private static bool IntersectFrom(Segments a, int i, Segments b, int j, Span<sbyte> memo)
    {
        var slot = i * (b.Count + 1) + j;
        if (memo[slot] != 0)
        {
            return memo[slot] > 0;
        }
        bool result;
        if (i == a.Count && j == b.Count)
        {
            result = true;
        }
        else if (i < a.Count && a[i] is "**")
        {
            // "**" matches nothing, or swallows one segment of the other side.
            result = IntersectFrom(a, i + 1, b, j, memo) || (j < b.Count && IntersectFrom(a, i, b, j + 1, memo));
        }
        else if (j < b.Count && b[j] is "**")
        {
            result = IntersectFrom(a, i, b, j + 1, memo) || (i < a.Count && IntersectFrom(a, i + 1, b, j, memo));
        }
        else if (i < a.Count && j < b.Count)
        {
            result = SegmentsIntersect(a[i], b[j]) && IntersectFrom(a, i + 1, b, j + 1, memo);
        }
        else
        {
            result = false;
        }
        memo[slot] = result ? (sbyte)1 : (sbyte)-1;
        return result;
    }

    /// <summary>Whether some non-empty name matches both single-segment patterns.</summary>
    public static bool SegmentsIntersect(ReadOnlySpan<char> p, ReadOnlySpan<char> q)
    {
        var pWild = ScopePattern.HasWildcard(p);
        var qWild = ScopePattern.HasWildcard(q);
        if (!pWild && !qWild)
        {
            return p.SequenceEqual(q);
        }
        if (!pWild)
        {
            return MatchSegment(q, p);
        }
        if (!qWild)
        {
            return MatchSegment(p, q);
        }
        // Both have wildcards: search for a common word, one character at a time.
        var size = (p.Length + 1) * (q.Length + 1);
        Span<sbyte> memo = size <= 1024 ? stackalloc sbyte[size] : new sbyte[size];
        memo.Clear();
        return CommonWord(p, 0, q, 0, memo);
    }

    private static bool CommonWord(ReadOnlySpan<char> p, int i, ReadOnlySpan<char> q, int j, Span<sbyte> memo)
    {
        var slot = i * (q.Length + 1) + j;
        if (memo[slot] != 0)
        {
            return memo[slot] > 0;
        }
        bool result;
        if (i == p.Length && j == q.Length)
        {
            result = true;
        }
        else if (i < p.Length && p[i] == '*' && CommonWord(p, i + 1, q, j, memo))
        {
            result = true;
        }
        else if (j < q.Length && q[j] == '*' && CommonWord(p, i, q, j + 1, memo))
        {
            result = true;
        }
        else if (i < p.Length && j < q.Length)
        {
            // Emit one character both sides accept; a star accepts it and stays.
            var pc = p[i];
            var qc = q[j];
            var compatible = pc == '*' || qc == '*' || pc == '?' || qc == '?' || pc == qc;
            var ni = pc == '*' ? i : i + 1;
            var nj = qc == '*' ? j : j + 1;
            result = compatible && !(ni == i && nj == j) && CommonWord(p, ni, q, nj, memo);
        }
        else
        {
            result = false;
        }
        memo[slot] = result ? (sbyte)1 : (sbyte)-1;
        return result;
    }
}
