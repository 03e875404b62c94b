namespace Uet.Domain.Scopes;

/// <summary>A scope entry owned by one workstream (by its index in the plan).</summary>
internal readonly record struct OwnedPattern(int Owner, ScopePattern Pattern);

/// <summary>Two scope entries of different workstreams that can cover the same path.</summary>
internal readonly record struct PatternOverlap(OwnedPattern First, OwnedPattern Second);

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
        public List<OwnedPattern>? Entries;
    }

    public static void FindOverlaps(IEnumerable<OwnedPattern> patterns, Action<PatternOverlap> onOverlap)
    {
        var root = new Node();
        foreach (var owned in patterns)
        {
            var node = root;
            var segments = owned.Pattern.Segments;
            for (var i = 0; i < owned.Pattern.LiteralPrefixLength; i++)
            {
                node.Children ??= new Dictionary<string, Node>(StringComparer.Ordinal);
                if (!node.Children.TryGetValue(segments[i], out var child))
                {
                    child = new Node();
                    node.Children.Add(segments[i], child);
                }
                node = child;
            }
            (node.Entries ??= []).Add(owned);
        }

        // Depth-first walk keeping the entries of the ancestors on a stack; iterative to survive deep paths.
        var ancestors = new List<List<OwnedPattern>>();
        var stack = new Stack<(Node Node, int Depth)>();
        stack.Push((root, 0));
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            while (ancestors.Count > depth)
            {
                ancestors.RemoveAt(ancestors.Count - 1);
            }
            var entries = node.Entries ?? [];
            for (var k = 0; k < entries.Count; k++)
            {
                var entry = entries[k];
                foreach (var level in ancestors)
                {
                    foreach (var above in level)
                    {
                        Compare(above, entry, onOverlap);
                    }
                }
                for (var m = 0; m < k; m++)
                {
                    Compare(entries[m], entry, onOverlap);
                }
            }
            ancestors.Add(entries);
            if (node.Children is not null)
            {
                foreach (var child in node.Children.Values)
                {
                    stack.Push((child, depth + 1));
                }
            }
        }
    }

    private static void Compare(OwnedPattern a, OwnedPattern b, Action<PatternOverlap> onOverlap)
    {
        if (a.Owner != b.Owner && a.Pattern.Overlaps(b.Pattern))
        {
            onOverlap(new PatternOverlap(a, b));
        }
    }
}
