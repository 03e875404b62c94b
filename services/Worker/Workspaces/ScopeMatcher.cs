using System.Collections.Concurrent;

using Uet.Contracts.Plans;
using Uet.Domain.Scopes;

namespace Uet.Worker.Workspaces;

/// <summary>
/// Whether a changed path lies in a workstream's files_scope ∪ files_create. The meaning of an entry (file,
/// directory prefix, glob) is the domain's <see cref="ScopePattern"/>, the same one the validator and the
/// scheduler's conflict graph use, so "in scope" means one thing everywhere.
/// </summary>
public static class ScopeMatcher
{
    private static readonly ConcurrentDictionary<string, ScopePattern?> Patterns = new(StringComparer.Ordinal);

    public static IReadOnlyList<string> OutOfScope(IEnumerable<string> changedPaths, WorkstreamSpec spec)
    {
        var allowed = spec.FilesScope.Concat(spec.FilesCreate).Select(Parse).OfType<ScopePattern>().ToList();
        return changedPaths.Where(path => !allowed.Any(pattern => pattern.Matches(path))).Order(StringComparer.Ordinal).ToList();
    }

    public static bool Matches(string pattern, string path) => Parse(pattern)?.Matches(path) ?? false;

    /// <summary>An entry the validator would reject (absolute, escaping the repository) allows nothing.</summary>
    private static ScopePattern? Parse(string pattern) =>
        Patterns.GetOrAdd(pattern, p => ScopePattern.TryParse(p, out var parsed, out _) ? parsed : null);
}
