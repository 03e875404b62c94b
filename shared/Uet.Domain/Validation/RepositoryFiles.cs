using Uet.Domain.Scopes;

namespace Uet.Domain.Validation;

/// <summary>
/// The files of a repository checkout (without <c>.git</c>), sorted, with their sizes, so a scope can be
/// expanded to real files: a directory prefix is a range of the sorted list, a glob is matched only within
/// the range of its literal prefix.
/// </summary>
internal sealed class RepositoryFiles
{
    private readonly string[] _paths;
    private readonly long[] _sizes;

    private RepositoryFiles(string[] paths, long[] sizes)
    {
        _paths = paths;
        _sizes = sizes;
    }

    public static RepositoryFiles Scan(string root)
    {
        if (!Directory.Exists(root))
        {
            throw new PlanInputException($"The repository folder '{root}' does not exist. Pass --repo the path of a checkout, or leave it out.");
        }
        var full = Path.GetFullPath(root);
        var entries = new List<(string Path, long Size)>();
        var options = new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        var pending = new Stack<string>();
        pending.Push(full);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var sub in Directory.EnumerateDirectories(dir, "*", options))
            {
                if (!string.Equals(Path.GetFileName(sub), ".git", StringComparison.Ordinal))
                {
                    pending.Push(sub);
                }
            }
            foreach (var file in new DirectoryInfo(dir).EnumerateFiles("*", options))
            {
                entries.Add((Path.GetRelativePath(full, file.FullName).Replace('\\', '/'), file.Length));
            }
        }
        entries.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return new RepositoryFiles([.. entries.Select(e => e.Path)], [.. entries.Select(e => e.Size)]);
    }

    /// <summary>Total size in bytes of the distinct files any of the patterns covers.</summary>
    public long SizeOf(IEnumerable<ScopePattern> patterns)
    {
        var seen = new HashSet<int>();
        long total = 0;
        foreach (var pattern in patterns)
        {
            var prefix = pattern.LiteralPrefix.ToString();
            var (from, to) = Range(prefix);
            for (var i = from; i < to; i++)
            {
                if (pattern.Matches(_paths[i]) && seen.Add(i))
                {
                    total += _sizes[i];
                }
            }
        }
        return total;
    }

    /// <summary>The index range of paths equal to <paramref name="prefix"/> or beneath it.</summary>
    private (int From, int To) Range(string prefix)
    {
        if (prefix.Length == 0)
        {
            return (0, _paths.Length);
        }
        var from = LowerBound(prefix);
        // Everything beneath "a/b" sorts before "a/b0" because '/' + 1 == '0'.
        var to = LowerBound(prefix + "0");
        return (from, to);
    }

    private int LowerBound(string key)
    {
        int lo = 0, hi = _paths.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (string.CompareOrdinal(_paths[mid], key) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }
}
