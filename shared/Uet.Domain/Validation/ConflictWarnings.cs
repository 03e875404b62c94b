using Uet.Contracts.Plans;
using Uet.Domain.Loading;

namespace Uet.Domain.Validation;

/// <summary>Conflicting workstreams that depends_on does not order will be serialized: say so, and list them for the analysis.</summary>
internal static class ConflictWarnings
{
    /// <summary>At most this many names are listed in one message.</summary>
    private const int ListLimit = 5;

    /// <summary>
    /// Warns about conflicting workstreams that dependencies do not order: they will be serialized. One warning
    /// per workstream (the ordinal-first of each pair) lists its partners, so a folder claimed by many stays readable.
    /// Pairs are checked, and warnings written, in chunks on all cores; the result keeps the pairs' order.
    /// </summary>
    public static List<(int A, int B, string Reason)> Check(CheckedPlan plan, DiagnosticSink sink)
    {
        if (plan.Conflicts is not { } conflicts || plan.Reachability is not { } reachability)
        {
            return []; // dependencies have a cycle: "ordered" means nothing yet
        }
        var bundles = plan.Bundles;
        var pairs = conflicts.IndexPairs().ToArray();
        var chunks = Chunks(pairs.Length, i => pairs[i].A);
        var found = new List<(int A, int B, string Reason)>[chunks.Length];
        Parallel.For(0, chunks.Length, c =>
        {
            var search = reachability.NewSearch();
            var list = new List<(int A, int B, string Reason)>();
            for (var i = chunks[c].From; i < chunks[c].To; i++)
            {
                var (a, b) = pairs[i];
                if (!search.Ordered(a, b))
                {
                    list.Add((a, b, conflicts.ReasonAt(a, b)));
                }
            }
            found[c] = list;
        });
        var unordered = found.SelectMany(f => f).ToList();

        var warningChunks = Chunks(unordered.Count, i => unordered[i].A);
        var warnings = new List<PlanDiagnostic>[warningChunks.Length];
        Parallel.For(0, warningChunks.Length, c =>
        {
            var list = new List<PlanDiagnostic>();
            var overlaps = new List<(int B, string Reason)>();
            // Pairs come sorted by first index, so each workstream's partners are one run of the list.
            for (var start = warningChunks[c].From; start < warningChunks[c].To;)
            {
                var a = unordered[start].A;
                overlaps.Clear();
                for (; start < warningChunks[c].To && unordered[start].A == a; start++)
                {
                    var (_, b, reason) = unordered[start];
                    if (!SameGroup(bundles[a], bundles[b]))
                    {
                        overlaps.Add((b, reason));
                    }
                }
                if (overlaps.Count > 0)
                {
                    list.Add(OverlapWarning(bundles, a, overlaps));
                }
            }
            warnings[c] = list;
        });
        foreach (var d in warnings.SelectMany(w => w))
        {
            sink.Add(d);
        }

        WarnSharedGroups(plan, unordered, sink);
        return unordered;
    }

    private static bool SameGroup(LoadedBundle a, LoadedBundle b) => a.Spec.ConflictGroup is { } group && group == b.Spec.ConflictGroup;

    /// <summary>Splits 0..count into one range per core (fewer for small inputs), never cutting a run of equal keys.</summary>
    private static (int From, int To)[] Chunks(int count, Func<int, int> key)
    {
        var wanted = Math.Clamp(count / 10_000, 1, Environment.ProcessorCount);
        var chunks = new List<(int From, int To)>();
        var from = 0;
        for (var c = 1; c <= wanted && from < count; c++)
        {
            var to = c == wanted ? count : Math.Max(from + 1, count * c / wanted);
            while (to < count && to > 0 && key(to) == key(to - 1))
            {
                to++;
            }
            chunks.Add((from, to));
            from = to;
        }
        return [.. chunks];
    }

    private static void WarnSharedGroups(CheckedPlan plan, List<(int A, int B, string Reason)> unordered, DiagnosticSink sink)
    {
        var bundles = plan.Bundles;
        var groupMates = new SortedDictionary<int, List<int>>();
        foreach (var (a, b, _) in unordered)
        {
            if (SameGroup(bundles[a], bundles[b]))
            {
                (groupMates.TryGetValue(a, out var la) ? la : groupMates[a] = []).Add(b);
                (groupMates.TryGetValue(b, out var lb) ? lb : groupMates[b] = []).Add(a);
            }
        }
        foreach (var (member, mates) in groupMates)
        {
            var bundle = bundles[member];
            mates.Sort();
            sink.Warning(DiagnosticCodes.SharedConflictGroup,
                $"{bundle.Spec.Id} shares conflict_group '{bundle.Spec.ConflictGroup}' with {List(mates.Select(m => plan.Graph.Ids[m]).ToList())}, which depends_on does not order; they will run one at a time.",
                "Nothing to do if that is intended; otherwise remove conflict_group or order them with depends_on.",
                bundle.Source.Path, bundle.Spec.Id, BundleFields.ConflictGroup, bundle.PositionOf(BundleFields.ConflictGroup));
        }
    }

    private static PlanDiagnostic OverlapWarning(LoadedBundle[] bundles, int a, List<(int B, string Reason)> overlaps)
    {
        var first = bundles[a];
        var id = first.Spec.Id;
        string Describe((int B, string Reason) o) => $"{o.Reason} ({bundles[o.B].Source.Path})";
        var message = overlaps.Count == 1
            ? $"{Describe(overlaps[0])}. {id} and {bundles[overlaps[0].B].Spec.Id} are not ordered by depends_on, so they will run one after the other."
            : $"The scope of {id} overlaps {overlaps.Count} workstreams that depends_on does not order, so each will run one after the other with it: " +
              string.Join("; ", overlaps.Take(ListLimit).Select(Describe)) +
              (overlaps.Count > ListLimit ? $"; and {overlaps.Count - ListLimit} more." : ".");
        var other = bundles[overlaps[0].B].Spec.Id;
        var (line, column) = first.PositionOf(BundleFields.FilesScope);
        return new PlanDiagnostic(DiagnosticSeverity.Warning, DiagnosticCodes.ScopeOverlap, message,
            $"If one must come after the other, add a depends_on (e.g. \"{id}\" in {other}'s depends_on); otherwise narrow files_scope so they do not overlap.",
            first.Source.Path, id, BundleFields.FilesScope, line, column);
    }

    private static string List(IReadOnlyList<string> names) =>
        string.Join(", ", names.Take(ListLimit)) + (names.Count > ListLimit ? $" and {names.Count - ListLimit} more" : "");
}
