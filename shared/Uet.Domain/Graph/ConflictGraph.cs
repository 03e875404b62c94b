using System.Collections.Frozen;

using Uet.Contracts.Plans;
using Uet.Domain.Scopes;

namespace Uet.Domain;

/// <summary>
/// Which workstreams must not run at the same time: their scopes (<c>files_scope</c> and <c>files_create</c>)
/// can cover the same path, or they share a <c>conflict_group</c>. <c>parallel_ok: false</c> is not an edge
/// here; such a workstream conflicts with everyone and the scheduler treats it on its own.
/// Overlaps are found through a prefix trie, not by comparing all pairs.
/// </summary>
public sealed class ConflictGraph
{
    private static readonly IReadOnlySet<string> None = FrozenSet<string>.Empty;

    private readonly string[] _ids;
    private Dictionary<string, int>? _index;
    private readonly int[] _neighbourStart;
    private readonly int[] _neighbours;
    private readonly Dictionary<long, Cause> _causes;
    private readonly IReadOnlySet<string>?[] _sets;

    /// <summary>Why a pair conflicts: a shared group, or the two scope entries that overlap (owner order).</summary>
    private readonly record struct Cause(string? Group, ScopePattern? First, ScopePattern? Second);

    private ConflictGraph(string[] ids, int[] neighbourStart, int[] neighbours, Dictionary<long, Cause> causes)
    {
        _ids = ids;
        _neighbourStart = neighbourStart;
        _neighbours = neighbours;
        _causes = causes;
        _sets = new IReadOnlySet<string>?[ids.Length];
    }

    /// <summary>Number of conflicting pairs.</summary>
    public int PairCount => _causes.Count;

    public static ConflictGraph Build(PlanDocument plan) => Build(plan, includeScopes: true);

    /// <summary>
    /// With <paramref name="includeScopes"/> false only shared <c>conflict_group</c>s count: what dispatch uses under
    /// <c>overlap_policy: optimistic</c>, where overlapping scopes may run at once and a real merge conflict costs a retry.
    /// </summary>
    public static ConflictGraph Build(PlanDocument plan, bool includeScopes)
    {
        var ordered = plan.Workstreams.OrderBy(w => w.Id, StringComparer.Ordinal).ToArray();
        return Build(ordered, i => includeScopes ? ScopesOf(ordered[i]) : []);
    }

    /// <summary>Builds from workstreams already sorted by id whose scope entries are already parsed.</summary>
    internal static ConflictGraph Build(IReadOnlyList<WorkstreamSpec> sortedById, Func<int, IEnumerable<ScopePattern>> patternsOf)
    {
        var ids = new string[sortedById.Count];
        var patternCount = 0;
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = sortedById[i].Id;
            patternCount += sortedById[i].FilesScope.Count + sortedById[i].FilesCreate.Count;
        }
        var causes = new Dictionary<long, Cause>(PairKeyComparer.Instance);

        foreach (var (group, members) in GroupMembers(sortedById))
        {
            for (var x = 0; x < members.Count; x++)
            {
                for (var y = x + 1; y < members.Count; y++)
                {
                    causes.TryAdd(PairKey(members[x], members[y]), new Cause(group, null, null));
                }
            }
        }

        var owned = new List<OwnedPattern>(patternCount);
        for (var i = 0; i < ids.Length; i++)
        {
            foreach (var pattern in patternsOf(i))
            {
                owned.Add(new OwnedPattern(i, pattern));
            }
        }
        ScopeOverlapFinder.FindOverlaps(owned, (p, q) =>
        {
            var (first, second) = owned[p].Owner < owned[q].Owner ? (owned[p], owned[q]) : (owned[q], owned[p]);
            var key = PairKey(first.Owner, second.Owner);
            if (!causes.TryGetValue(key, out var cause))
            {
                causes.Add(key, new Cause(null, first.Pattern, second.Pattern));
            }
            else if (cause.Group is null && IsSmaller(first.Pattern, second.Pattern, cause))
            {
                // Keep the smallest pair of entries so the reason does not depend on discovery order.
                causes[key] = new Cause(null, first.Pattern, second.Pattern);
            }
        });

        // Adjacency in compressed rows: neighbours of i are _neighbours[start[i]..start[i+1]], ascending.
        var start = new int[ids.Length + 1];
        foreach (var key in causes.Keys)
        {
            start[(int)(key >> 32) + 1]++;
            start[(int)(uint)key + 1]++;
        }
        for (var i = 0; i < ids.Length; i++)
        {
            start[i + 1] += start[i];
        }
        var fill = start[..^1].ToArray();
        var neighbours = new int[start[^1]];
        foreach (var key in causes.Keys)
        {
            int a = (int)(key >> 32), b = (int)(uint)key;
            neighbours[fill[a]++] = b;
            neighbours[fill[b]++] = a;
        }
        for (var i = 0; i < ids.Length; i++)
        {
            Array.Sort(neighbours, start[i], start[i + 1] - start[i]);
        }
        return new ConflictGraph(ids, start, neighbours, causes);
    }

    /// <summary>The workstreams that must not run while <paramref name="workstreamId"/> runs.</summary>
    public IReadOnlySet<string> ConflictsOf(string workstreamId)
    {
        if (!Index.TryGetValue(workstreamId, out var i))
        {
            return None;
        }
        if (_sets[i] is null)
        {
            var names = new string[_neighbourStart[i + 1] - _neighbourStart[i]];
            for (var k = 0; k < names.Length; k++)
            {
                names[k] = _ids[_neighbours[_neighbourStart[i] + k]];
            }
            _sets[i] = names.ToFrozenSet(StringComparer.Ordinal);
        }
        return _sets[i]!;
    }

    /// <summary>Why two workstreams conflict, or null when they do not.</summary>
    public string? ReasonFor(string a, string b) =>
        Index.TryGetValue(a, out var x) && Index.TryGetValue(b, out var y) && x != y ? Reason(x, y) : null;

    /// <summary>Id to index, built on first use (the inspector works by index and never needs it).</summary>
    private Dictionary<string, int> Index => _index ??= BuildIndex(_ids);

    private static Dictionary<string, int> BuildIndex(string[] ids)
    {
        var index = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
        for (var i = 0; i < ids.Length; i++)
        {
            index.TryAdd(ids[i], i);
        }
        return index;
    }

    /// <summary>Every conflicting pair once, first id ordinal-smaller, sorted.</summary>
    public IEnumerable<ScopeConflict> Pairs() => IndexedPairs().Select(p => new ScopeConflict(_ids[p.A], _ids[p.B], p.Reason));

    /// <summary>Pairs by index in the id-sorted order (the inspector's own index space), first index smaller, sorted.</summary>
    internal IEnumerable<(int A, int B, string Reason)> IndexedPairs()
    {
        for (var a = 0; a < _ids.Length; a++)
        {
            for (var k = _neighbourStart[a]; k < _neighbourStart[a + 1]; k++)
            {
                var b = _neighbours[k];
                if (b > a)
                {
                    yield return (a, b, Reason(a, b)!);
                }
            }
        }
    }

    /// <summary>Pairs as in <see cref="IndexedPairs"/>, without building the reason text.</summary>
    internal IEnumerable<(int A, int B)> IndexPairs()
    {
        for (var a = 0; a < _ids.Length; a++)
        {
            for (var k = _neighbourStart[a]; k < _neighbourStart[a + 1]; k++)
            {
                if (_neighbours[k] > a)
                {
                    yield return (a, _neighbours[k]);
                }
            }
        }
    }

    /// <summary>The reason for a pair of indexes in the id-sorted order.</summary>
    internal string ReasonAt(int a, int b) => Reason(a, b) ?? throw new ArgumentException($"{_ids[a]} and {_ids[b]} do not conflict.");

    /// <summary>Neighbours of the workstream at an index of the id-sorted order, ascending.</summary>
    internal ReadOnlySpan<int> NeighboursAt(int index) =>
        _neighbours.AsSpan(_neighbourStart[index], _neighbourStart[index + 1] - _neighbourStart[index]);

    private string? Reason(int x, int y)
    {
        if (!_causes.TryGetValue(PairKey(x, y), out var cause))
        {
            return null;
        }
        if (cause.Group is not null)
        {
            return $"same conflict_group '{cause.Group}'";
        }
        var (a, b) = x < y ? (x, y) : (y, x);
        return $"scopes overlap: {_ids[a]} '{cause.First!.Text}' and {_ids[b]} '{cause.Second!.Text}'";
    }

    private static bool IsSmaller(ScopePattern first, ScopePattern second, Cause than)
    {
        var c = string.CompareOrdinal(first.Text, than.First!.Text);
        return c < 0 || (c == 0 && string.CompareOrdinal(second.Text, than.Second!.Text) < 0);
    }

    /// <summary>
    /// long.GetHashCode folds the halves with XOR, so pairs of nearby indexes ((a, b) with a ^ b small) would
    /// all collide; a multiplicative mix spreads them.
    /// </summary>
    private sealed class PairKeyComparer : IEqualityComparer<long>
    {
        public static readonly PairKeyComparer Instance = new();

        public bool Equals(long x, long y) => x == y;

        public int GetHashCode(long key) => (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> 32);
    }

    private static long PairKey(int a, int b) => a < b ? ((long)a << 32) | (uint)b : ((long)b << 32) | (uint)a;

    private static SortedDictionary<string, List<int>> GroupMembers(IReadOnlyList<WorkstreamSpec> ordered)
    {
        var groups = new SortedDictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < ordered.Count; i++)
        {
            if (ordered[i].ConflictGroup is { Length: > 0 } group)
            {
                if (!groups.TryGetValue(group, out var members))
                {
                    groups.Add(group, members = []);
                }
                members.Add(i);
            }
        }
        return groups;
    }

    /// <summary>A workstream's distinct, valid scope entries (files_scope, then files_create).</summary>
    internal static IEnumerable<ScopePattern> ScopesOf(WorkstreamSpec ws)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in ws.FilesScope.Concat(ws.FilesCreate))
        {
            // Invalid entries are the validator's business; they cannot conflict.
            if (ScopePattern.TryParse(raw, out var pattern, out _) && seen.Add(pattern.Text))
            {
                yield return pattern;
            }
        }
    }
}
