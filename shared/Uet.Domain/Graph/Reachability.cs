namespace Uet.Domain.Graph;

/// <summary>
/// Answers "does one workstream transitively depend on the other?" for many pairs without a transitive
/// closure (100k² bits would not fit). Two cheap filters reject most unordered pairs at once: the
/// topological level (a dependency sits on a strictly lower level) and GRAIL interval labels (if u reaches v,
/// v's interval lies inside u's, in every labelling). What passes is settled by a depth-first search that
/// the same filters prune.
/// </summary>
internal sealed class Reachability
{
    private const int Labelings = 3;

    private readonly PlanGraph _graph;
    private readonly int[] _levels;
    private readonly int[][] _low;
    private readonly int[][] _rank;
    private readonly Search _default;

    public Reachability(PlanGraph graph, int[] levels)
    {
        _graph = graph;
        _levels = levels;
        _low = new int[Labelings][];
        _rank = new int[Labelings][];
        for (var k = 0; k < Labelings; k++)
        {
            (_low[k], _rank[k]) = Label(graph, k);
        }
        _default = new Search(this);
    }

    /// <summary>Whether either workstream (transitively) depends on the other. Not thread-safe; see <see cref="NewSearch"/>.</summary>
    public bool Ordered(int a, int b) => _default.Ordered(a, b);

    /// <summary>Whether <paramref name="to"/> transitively depends on <paramref name="from"/>. Not thread-safe.</summary>
    public bool Reaches(int from, int to) => _default.Reaches(from, to);

    /// <summary>Scratch space for one thread's queries; the labels are shared.</summary>
    public Search NewSearch() => new(this);

    internal sealed class Search(Reachability owner)
    {
        private readonly int[] _visited = new int[owner._graph.Count];
        private readonly Stack<int> _stack = new();
        private int _stamp;

        public bool Ordered(int a, int b) => a == b || Reaches(a, b) || Reaches(b, a);

        public bool Reaches(int from, int to)
        {
            if (from == to)
            {
                return true;
            }
            if (!owner.MayReach(from, to))
            {
                return false;
            }
            _stamp++;
            _stack.Clear();
            _stack.Push(from);
            _visited[from] = _stamp;
            while (_stack.Count > 0)
            {
                var u = _stack.Pop();
                foreach (var next in owner._graph.Dependents[u])
                {
                    if (next == to)
                    {
                        return true;
                    }
                    if (_visited[next] != _stamp && owner.MayReach(next, to))
                    {
                        _visited[next] = _stamp;
                        _stack.Push(next);
                    }
                }
            }
            return false;
        }
    }

    private bool MayReach(int from, int to)
    {
        if (_levels[from] >= _levels[to])
        {
            return false;
        }
        for (var k = 0; k < Labelings; k++)
        {
            if (_low[k][from] > _low[k][to] || _rank[k][to] > _rank[k][from])
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// One GRAIL labelling: a depth-first post-order rank for each node, and the lowest rank below it.
    /// Each labelling visits roots and children in a different (deterministic) order.
    /// </summary>
    private static (int[] Low, int[] Rank) Label(PlanGraph graph, int variant)
    {
        var n = graph.Count;
        var rank = new int[n];
        var low = new int[n];
        var state = new byte[n]; // 0 new, 1 on the stack, 2 done
        var next = 0;
        var stack = new Stack<(int Node, int Child)>();

        for (var r = 0; r < n; r++)
        {
            var root = Pick(r, n, variant);
            if (state[root] != 0 || graph.Dependencies[root].Length != 0)
            {
                continue;
            }
            state[root] = 1;
            low[root] = int.MaxValue;
            stack.Push((root, 0));
            while (stack.Count > 0)
            {
                var (node, child) = stack.Pop();
                var children = graph.Dependents[node];
                if (child < children.Length)
                {
                    stack.Push((node, child + 1));
                    var c = children[Pick(child, children.Length, variant + node)];
                    if (state[c] == 0)
                    {
                        state[c] = 1;
                        low[c] = int.MaxValue;
                        stack.Push((c, 0));
                    }
                    else
                    {
                        low[node] = Math.Min(low[node], low[c]);
                    }
                    continue;
                }
                state[node] = 2;
                rank[node] = next++;
                low[node] = Math.Min(low[node], rank[node]);
                if (stack.Count > 0)
                {
                    var parent = stack.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[node]);
                }
            }
        }
        return (low, rank);
    }

    /// <summary>The i-th element of 0..count-1 in the variant's order: forward, backward, or from a rotated start.</summary>
    private static int Pick(int i, int count, int variant) => (variant % 3) switch
    {
        0 => i,
        1 => count - 1 - i,
        _ => (i + (count / 2) + (variant / 3)) % count,
    };
}
