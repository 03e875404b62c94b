using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

using Uet.Contracts.Plans;

namespace Uet.Worker.Workspaces;

/// <summary>
/// Whether a changed path lies in a workstream's files_scope ∪ files_create. An entry is an exact file, a directory
/// (<c>dir/</c>, or a plain name that is a parent of the path), or a glob: <c>*</c> and <c>?</c> stay within one path
/// segment, <c>**</c> crosses segments.
/// </summary>
public static class ScopeMatcher
{
    private static readonly ConcurrentDictionary<string, Regex> Globs = new(StringComparer.Ordinal);

    public static IReadOnlyList<string> OutOfScope(IEnumerable<string> changedPaths, WorkstreamSpec spec)
    {
        var allowed = spec.FilesScope.Concat(spec.FilesCreate).Select(Normalize).Where(p => p.Length > 0).ToList();
        return changedPaths.Where(path => !allowed.Any(pattern => Matches(pattern, path))).Order(StringComparer.Ordinal).ToList();
    }

    public static bool Matches(string pattern, string path)
    {
        pattern = Normalize(pattern);
        if (pattern.Length == 0)
        {
            return false;
        }

        if (pattern.IndexOfAny(['*', '?']) < 0)
        {
            return pattern.EndsWith('/')
                ? path.StartsWith(pattern, StringComparison.Ordinal)
                : path == pattern || path.StartsWith(pattern + "/", StringComparison.Ordinal);
        }

        return Globs.GetOrAdd(pattern, ToRegex).IsMatch(path);
    }

    private static string Normalize(string pattern)
    {
        var p = pattern.Trim().Replace('\\', '/');
        while (p.StartsWith("./", StringComparison.Ordinal))
        {
            p = p[2..];
        }

        return p;
    }

    private static Regex ToRegex(string glob)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                var slashFollows = i + 2 < glob.Length && glob[i + 2] == '/';
                regex.Append(slashFollows ? "(?:.*/)?" : ".*");
                i += slashFollows ? 2 : 1;
            }
            else if (c == '*')
            {
                regex.Append("[^/]*");
            }
            else if (c == '?')
            {
                regex.Append("[^/]");
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }

        // A glob naming directories (src/*/) covers what is inside them.
        regex.Append(glob.EndsWith('/') ? ".*$" : "(?:/.*)?$");
        return new Regex(regex.ToString(), RegexOptions.CultureInvariant);
    }
}
