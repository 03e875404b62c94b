namespace Uet.Domain.Scopes;

/// <summary>A scope entry owned by one workstream (by its index in the plan).</summary>
internal readonly record struct OwnedPattern(int Owner, ScopePattern Pattern);

/// <summary>
/// Finds overlapping scope entries without comparing all pairs. Two patterns can only overlap when the
/// literal prefix of one (its leading segments without wildcards) starts the literal prefix of the other,
/// so entries are filed in a trie by that prefix and each is compared only with entries on its own
/// trie node and on the nodes above it.
/// </summary>
internal static class ScopeOverlapFinder
{
    private sealed class Node
    {
        public Dictionary<string, Node>? Children;
        public List<int>? Entries;
    }

    /// <summary>Calls <paramref name="onOverlap"/> with the indexes (into <paramref name="patterns"/>) of each overlapping pair of different owners.</summary>
    public static void FindOverlaps(IReadOnlyList<OwnedPattern> patterns, Action<int, int> onOverlap)
    {
        var root = new Node();
        for (var p = 0; p < patterns.Count; p++)
        {
            var node = root;
            var rest = patterns[p].Pattern.LiteralPrefix;
            while (!rest.IsEmpty)
            {
                var cut = rest.IndexOf('/');
                var segment = cut < 0 ? rest : rest[..cut];
                rest = cut < 0 ? [] : rest[(cut + 1)..];
                node.Children ??= new Dictionary<string, Node>(StringComparer.Ordinal);
                // Look up by span: a key string is made only when a new trie node is.
                var children = node.Children.GetAlternateLookup<ReadOnlySpan<char>>();
                if (!children.TryGetValue(segment, out var child))
                {
                    child = new Node();
                    children[segment] = child;
                }
                node = child;
            }
            (node.Entries ??= []).Add(p);
        }

        // Depth-first walk keeping the non-empty entry lists of the ancestors; iterative to survive deep paths.
        var ancestors = new List<(int Depth, List<int> Entries)>();
        var stack = new Stack<(Node Node, int Depth)>();
        stack.Push((root, 0));
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            while (ancestors.Count > 0 && ancestors[^1].Depth >= depth)
            {
                ancestors.RemoveAt(ancestors.Count - 1);
            }
            if (node.Entries is { } entries)
            {
                for (var k = 0; k < entries.Count; k++)
                {
                    var entry = patterns[entries[k]];
                    foreach (var (_, above) in ancestors)
                    {
                        foreach (var a in above)
                        {
                            Compare(patterns, a, entries[k], entry, onOverlap);
                        }
                    }
                    for (var m = 0; m < k; m++)
                    {
                        Compare(patterns, entries[m], entries[k], entry, onOverlap);
                    }
                }
                ancestors.Add((depth, entries));
            }
            if (node.Children is not null)
            {
                foreach (var child in node.Children.Values)
                {
                    stack.Push((child, depth + 1));
                }
            }
        }
    }

    private static void Compare(IReadOnlyList<OwnedPattern> patterns, int a, int b, OwnedPattern second, Action<int, int> onOverlap)
    {
        var first = patterns[a];
        if (first.Owner == second.Owner)
        {
            return;
        }
        // Two literals filed on the same path (or one above the other) always overlap.
        if ((!first.Pattern.IsGlob && !second.Pattern.IsGlob) || first.Pattern.Overlaps(second.Pattern))
        {
            onOverlap(a, b);
        }
    }
}
