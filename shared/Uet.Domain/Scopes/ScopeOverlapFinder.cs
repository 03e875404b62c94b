using System.Runtime.InteropServices;

namespace Uet.Domain.Scopes;

/// <summary>A scope entry owned by one workstream (by its index in the plan).</summary>
internal readonly record struct OwnedPattern(int Owner, ScopePattern Pattern);

/// <summary>
/// Finds overlapping scope entries without comparing all pairs. Two patterns can only overlap when the
/// literal prefix of one (its leading segments without wildcards) is the literal prefix of the other, or when
/// one is a container (a glob or a folder) filed under a parent folder of the other's prefix. Entries are filed
/// by literal prefix in hash tables; each entry looks up its own prefix, and each of its parent folders among
/// the (few) containers, and is compared only with what it finds there.
/// </summary>
internal static class ScopeOverlapFinder
{
    /// <summary>Calls <paramref name="onOverlap"/> with the indexes (into <paramref name="patterns"/>) of each overlapping pair of different owners.</summary>
    public static void FindOverlaps(IReadOnlyList<OwnedPattern> patterns, Action<int, int> onOverlap)
    {
        // Chains of entries per prefix: the table holds the latest entry, next[entry] the one filed before it.
        var all = new Dictionary<string, int>(patterns.Count, StringComparer.Ordinal);
        var allByPrefix = all.GetAlternateLookup<ReadOnlySpan<char>>();
        var containers = new Dictionary<string, int>(StringComparer.Ordinal);
        var containersByPrefix = containers.GetAlternateLookup<ReadOnlySpan<char>>();
        var next = new int[patterns.Count];
        var nextContainer = new int[patterns.Count];
        for (var p = 0; p < patterns.Count; p++)
        {
            var pattern = patterns[p].Pattern;
            var prefix = pattern.LiteralPrefix;
            // Most patterns are literal files whose prefix is their whole text: that string is the key.
            ref var head = ref prefix.Length == pattern.Text.Length
                ? ref CollectionsMarshal.GetValueRefOrAddDefault(all, pattern.Text, out var existed)
                : ref CollectionsMarshal.GetValueRefOrAddDefault(allByPrefix, prefix, out existed);
            next[p] = existed ? head : -1;
            head = p;
            if (pattern.IsGlob || pattern.CoversSubtree)
            {
                ref var containerHead = ref CollectionsMarshal.GetValueRefOrAddDefault(containersByPrefix, prefix, out var had);
                nextContainer[p] = had ? containerHead : -1;
                containerHead = p;
            }
        }

        for (var p = 0; p < patterns.Count; p++)
        {
            var entry = patterns[p];
            // Entries filed earlier under the same prefix.
            for (var q = next[p]; q >= 0; q = next[q])
            {
                Compare(patterns[q], q, entry, p, onOverlap);
            }
            if (containers.Count == 0)
            {
                continue;
            }
            // Containers filed under each parent folder, and under the empty prefix (globs such as **/*.md).
            var prefix = entry.Pattern.LiteralPrefix;
            for (var cut = prefix.Length; cut > 0;)
            {
                cut = prefix[..cut].LastIndexOf('/');
                if (containersByPrefix.TryGetValue(cut < 0 ? [] : prefix[..cut], out var first))
                {
                    for (var q = first; q >= 0; q = nextContainer[q])
                    {
                        Compare(patterns[q], q, entry, p, onOverlap);
                    }
                }
            }
        }
    }

    private static void Compare(OwnedPattern first, int a, OwnedPattern second, int b, Action<int, int> onOverlap)
    {
        if (first.Owner != second.Owner && first.Pattern.Overlaps(second.Pattern))
        {
            onOverlap(a, b);
        }
    }
}
