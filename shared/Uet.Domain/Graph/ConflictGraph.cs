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
    private readonly Dictionary<string, int> _index;
    private readonly List<int>[] _neighbours;
    private readonly Dictionary<long, string> _reasons;
    private readonly IReadOnlySet<string>?[] _sets;

    private ConflictGraph(string[] ids, Dictionary<string, int> index, List<int>[] neighbours, Dictionary<long, string> reasons)
    {
        _ids = ids;
        _index = index;
        _neighbours = neighbours;
        _reasons = reasons;
        _sets = new IReadOnlySet<string>?[ids.Length];
    }

    /// <summary>Number of conflicting pairs.</summary>
    public int PairCount => _reasons.Count;

    public static ConflictGraph Build(PlanDocument plan)
    {
        var ordered = plan.Workstreams.OrderBy(w => w.Id, StringComparer.Ordinal).ToArray();
        var ids = new string[ordered.Length];
        var index = new Dictionary<string, int>(ordered.Length, StringComparer.Ordinal);
        var neighbours = new List<int>[ordered.Length];
        for (var i = 0; i < ordered.Length; i++)
        {
            ids[i] = ordered[i].Id;
            index.TryAdd(ids[i], i);
            neighbours[i] = [];
        }
        var reasons = new Dictionary<long, string>();

        void Add(int a, int b, string reason)
        {
            if (a == b)
            {
                return;
            }
            var key = PairKey(a, b);
            if (reasons.TryGetValue(key, out var existing))
            {
                // Keep the smallest reason so the text does not depend on discovery order.
                if (string.CompareOrdinal(reason, existing) < 0)
                {
                    reasons[key] = reason;
                }
                return;
            }
            reasons.Add(key, reason);
            neighbours[a].Add(b);
            neighbours[b].Add(a);
        }

        foreach (var group in GroupMembers(ordered))
        {
            var reason = $"same conflict_group '{group.Key}'";
            for (var x = 0; x < group.Value.Count; x++)
            {
                for (var y = x + 1; y < group.Value.Count; y++)
                {
                    Add(group.Value[x], group.Value[y], reason);
                }
            }
        }

        ScopeOverlapFinder.FindOverlaps(OwnedPatterns(ordered), overlap =>
        {
            var (first, second) = overlap.First.Owner < overlap.Second.Owner
                ? (overlap.First, overlap.Second)
                : (overlap.Second, overlap.First);
            Add(first.Owner, second.Owner,
                $"scopes overlap: {ids[first.Owner]} '{first.Pattern.Text}' and {ids[second.Owner]} '{second.Pattern.Text}'");
        });

        foreach (var list in neighbours)
        {
            list.Sort();
        }
        return new ConflictGraph(ids, index, neighbours, reasons);
    }

    /// <summary>The workstreams that must not run while <paramref name="workstreamId"/> runs.</summary>
    public IReadOnlySet<string> ConflictsOf(string workstreamId)
    {
        if (!_index.TryGetValue(workstreamId, out var i))
        {
            return None;
        }
        return _sets[i] ??= _neighbours[i].Select(n => _ids[n]).ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>Why two workstreams conflict, or null when they do not.</summary>
    public string? ReasonFor(string a, string b) =>
        _index.TryGetValue(a, out var x) && _index.TryGetValue(b, out var y) && _reasons.TryGetValue(PairKey(x, y), out var reason)
            ? reason
            : null;

    /// <summary>Every conflicting pair once, first id ordinal-smaller, sorted.</summary>
    public IEnumerable<ScopeConflict> Pairs()
    {
        for (var a = 0; a < _ids.Length; a++)
        {
            foreach (var b in _neighbours[a])
            {
                if (b > a)
                {
                    yield return new ScopeConflict(_ids[a], _ids[b], _reasons[PairKey(a, b)]);
                }
            }
        }
    }

    /// <summary>Pairs by index in the id-sorted order (the inspector's own index space), first index smaller.</summary>
    internal IEnumerable<(int A, int B, string Reason)> IndexedPairs()
    {
        for (var a = 0; a < _ids.Length; a++)
        {
            foreach (var b in _neighbours[a])
            {
                if (b > a)
                {
                    yield return (a, b, _reasons[PairKey(a, b)]);
                }
            }
        }
    }

    /// <summary>Neighbours of the workstream at an index of the id-sorted order, ascending.</summary>
    internal IReadOnlyList<int> NeighboursAt(int index) => _neighbours[index];

    private static long PairKey(int a, int b) => a < b ? ((long)a << 32) | (uint)b : ((long)b << 32) | (uint)a;

    private static SortedDictionary<string, List<int>> GroupMembers(WorkstreamSpec[] ordered)
    {
        var groups = new SortedDictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < ordered.Length; i++)
        {
            if (!string.IsNullOrEmpty(ordered[i].ConflictGroup))
            {
                if (!groups.TryGetValue(ordered[i].ConflictGroup!, out var members))
                {
                    groups.Add(ordered[i].ConflictGroup!, members = []);
                }
                members.Add(i);
            }
        }
        return groups;
    }

    private static IEnumerable<OwnedPattern> OwnedPatterns(WorkstreamSpec[] ordered)
    {
        for (var i = 0; i < ordered.Length; i++)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var raw in ordered[i].FilesScope.Concat(ordered[i].FilesCreate))
            {
                // Invalid entries are the validator's business; they cannot conflict.
                if (ScopePattern.TryParse(raw, out var pattern, out _) && seen.Add(pattern.Text))
                {
                    yield return new OwnedPattern(i, pattern);
                }
            }
        }
    }
}
