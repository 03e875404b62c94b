namespace Uet.Domain.Scopes;

/// <summary>Glob matching over path segments: <c>*</c> and <c>?</c> inside a segment, <c>**</c> for zero or more segments.</summary>
internal static class GlobMatcher
{
    public static bool MatchSegments(string[] pattern, string[] path) => MatchFrom(pattern, 0, path, 0);

    private static bool MatchFrom(string[] pattern, int i, string[] path, int j)
    {
        while (i < pattern.Length)
        {
            if (pattern[i] == "**")
            {
                // Collapse repeated "**" and try every split point.
                while (i + 1 < pattern.Length && pattern[i + 1] == "**")
                {
                    i++;
                }
                for (var k = j; k <= path.Length; k++)
                {
                    if (MatchFrom(pattern, i + 1, path, k))
                    {
                        return true;
                    }
                }
                return false;
            }
            if (j >= path.Length || !MatchSegment(pattern[i], path[j]))
            {
                return false;
            }
            i++;
            j++;
        }
        return j == path.Length;
    }

    /// <summary>Matches one segment pattern (<c>*</c>, <c>?</c>) against one concrete name.</summary>
    public static bool MatchSegment(string pattern, string name)
    {
        if (!ScopePattern.HasWildcard(pattern))
        {
            return string.Equals(pattern, name, StringComparison.Ordinal);
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

    /// <summary>Whether some path of segments matches both segment patterns.</summary>
    public static bool Intersect(string[] a, string[] b)
    {
        var memo = new sbyte[(a.Length + 1) * (b.Length + 1)];
        return IntersectFrom(a, 0, b, 0, memo);
    }

    private static bool IntersectFrom(string[] a, int i, string[] b, int j, sbyte[] memo)
    {
        var slot = i * (b.Length + 1) + j;
        if (memo[slot] != 0)
        {
            return memo[slot] > 0;
        }
        bool result;
        if (i == a.Length && j == b.Length)
        {
            result = true;
        }
        else if (i < a.Length && a[i] == "**")
        {
            // "**" matches nothing, or swallows one segment of the other side.
            result = IntersectFrom(a, i + 1, b, j, memo) || (j < b.Length && IntersectFrom(a, i, b, j + 1, memo));
        }
        else if (j < b.Length && b[j] == "**")
        {
            result = IntersectFrom(a, i, b, j + 1, memo) || (i < a.Length && IntersectFrom(a, i + 1, b, j, memo));
        }
        else if (i < a.Length && j < b.Length)
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
    public static bool SegmentsIntersect(string p, string q)
    {
        var pWild = ScopePattern.HasWildcard(p);
        var qWild = ScopePattern.HasWildcard(q);
        if (!pWild && !qWild)
        {
            return string.Equals(p, q, StringComparison.Ordinal);
        }
        if (!pWild)
        {
            return MatchSegment(q, p);
        }
        if (!qWild)
        {
            return MatchSegment(p, q);
        }
        // Both have wildcards: search for a common word, building it one character at a time.
        var memo = new sbyte[(p.Length + 1) * (q.Length + 1)];
        return CommonWord(p, 0, q, 0, memo);
    }

    private static bool CommonWord(string p, int i, string q, int j, sbyte[] memo)
    {
        var slot = i * (q.Length + 1) + j;
        if (memo[slot] != 0)
        {
            return memo[slot] > 0;
        }
        memo[slot] = -1; // guards against revisiting a state on a star/star loop
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
            // Emit one character consumed by both sides; a star consumes it and stays.
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
