using System.Globalization;
using Uet.Contracts.Plans;
using Uet.Domain.Graph;
using Uet.Domain.Loading;
using Uet.Domain.Scopes;

namespace Uet.Domain.Validation;

/// <summary>The checks that look across bundles: ids, tools, dependencies, cycles, overlaps, budgets, context, gates.</summary>
internal static class PlanChecks
{
    /// <summary>Above this many (unknown dependency × id) comparisons, "did you mean" is skipped to keep big plans fast.</summary>
    private const long SuggestionBudget = 5_000_000;

    /// <summary>At most this many names are listed in one message.</summary>
    private const int ListLimit = 5;

    public static CheckedPlan Run(List<LoadedBundle> loaded, LoadedSettings settings, RepositoryFiles? repository,
        InspectOptions options, DiagnosticSink sink)
    {
        var bundles = Deduplicate(loaded, sink);
        var workstreams = bundles.Select(b => b.Spec).ToArray();
        var graph = PlanGraph.Build(workstreams);
        var profiles = ToolCatalog.Profiles(settings.Settings);

        CheckTools(bundles, settings, profiles, sink);
        CheckDependencies(bundles, graph, sink);
        CheckBudgets(bundles, settings, sink);
        CheckContext(bundles, settings.Settings, profiles, repository, options, sink);
        CheckGates(bundles, settings, sink);

        if (!graph.TryTopologicalOrder(out var order))
        {
            CycleFinder.Report(bundles, graph, sink);
            return new CheckedPlan { Settings = settings, Workstreams = workstreams, Bundles = bundles, Graph = graph };
        }

        var levels = graph.Levels(order);
        var document = new PlanDocument("", settings.Settings, workstreams);
        var conflicts = ConflictGraph.Build(document);
        var reachability = new Reachability(graph, levels);
        var unordered = CheckConflicts(bundles, graph, conflicts, reachability, sink);
        return new CheckedPlan
        {
            Settings = settings,
            Workstreams = workstreams,
            Bundles = bundles,
            Graph = graph,
            TopologicalOrder = order,
            Levels = levels,
            Conflicts = conflicts,
            Reachability = reachability,
            UnorderedConflicts = unordered,
        };
    }

    /// <summary>Keeps the first bundle of each id (in file order) and reports the others; returns them sorted by id.</summary>
    private static LoadedBundle[] Deduplicate(List<LoadedBundle> loaded, DiagnosticSink sink)
    {
        var first = new Dictionary<string, LoadedBundle>(loaded.Count, StringComparer.Ordinal);
        foreach (var bundle in loaded)
        {
            if (first.TryGetValue(bundle.Spec.Id, out var original))
            {
                var (line, _) = original.PositionOf(BundleFields.Id);
                sink.Error(DiagnosticCodes.DuplicateId,
                    $"{bundle.Spec.Id} is defined twice: in {original.Source.Path} (line {line}) and in {bundle.Source.Path} (line {bundle.PositionOf(BundleFields.Id).Line}).",
                    "Give one of them another id (and update the depends_on that mean it), or delete the duplicate.",
                    bundle.Source.Path, bundle.Spec.Id, BundleFields.Id, bundle.PositionOf(BundleFields.Id));
                continue;
            }
            first.Add(bundle.Spec.Id, bundle);
        }
        var unique = first.Values.ToArray();
        Array.Sort(unique, (a, b) => string.CompareOrdinal(a.Spec.Id, b.Spec.Id));
        return unique;
    }

    private static void CheckTools(LoadedBundle[] bundles, LoadedSettings settings, IReadOnlyDictionary<string, ToolProfile> profiles, DiagnosticSink sink)
    {
        var names = profiles.Keys.Order(StringComparer.Ordinal).ToArray();
        string Known() => string.Join(", ", names);
        if (settings.Settings.DefaultTool is { } defaultTool && !profiles.ContainsKey(defaultTool))
        {
            sink.Error(DiagnosticCodes.UnknownTool,
                $"default_tool '{defaultTool}' is not a known tool.{Suggestions.DidYouMean(defaultTool, names)}",
                $"Use one of {Known()}, or declare '{defaultTool}' under \"tools\" in plan.json.",
                settings.Source?.Path, field: "default_tool", position: settings.PositionOf("default_tool"));
        }
        foreach (var bundle in bundles)
        {
            if (bundle.Spec.Tool is { } tool && !profiles.ContainsKey(tool))
            {
                sink.Error(DiagnosticCodes.UnknownTool,
                    $"tool '{tool}' is not a known tool.{Suggestions.DidYouMean(tool, names)}",
                    $"Use one of {Known()}, or declare '{tool}' under \"tools\" in plan.json.",
                    bundle.Source.Path, bundle.Spec.Id, BundleFields.Tool, bundle.PositionOf(BundleFields.Tool));
            }
        }
    }

    private static void CheckDependencies(LoadedBundle[] bundles, PlanGraph graph, DiagnosticSink sink)
    {
        var unknown = new List<(LoadedBundle Bundle, string Dependency)>();
        foreach (var bundle in bundles)
        {
            foreach (var dep in bundle.Spec.DependsOn)
            {
                if (dep == bundle.Spec.Id)
                {
                    sink.Error(DiagnosticCodes.SelfDependency, $"{dep} depends on itself.",
                        $"Remove \"{dep}\" from its own depends_on.",
                        bundle.Source.Path, bundle.Spec.Id, BundleFields.DependsOn, bundle.PositionOf(BundleFields.DependsOn));
                }
                else if (!graph.Index.ContainsKey(dep))
                {
                    unknown.Add((bundle, dep));
                }
            }
        }
        var suggest = (long)unknown.Count * graph.Count <= SuggestionBudget;
        foreach (var (bundle, dep) in unknown)
        {
            var hint = suggest ? Suggestions.Closest(dep, graph.Ids) : null;
            sink.Error(DiagnosticCodes.UnknownDependency,
                $"{bundle.Spec.Id} depends on '{dep}', which no bundle of the plan defines.{(hint is null ? "" : $" Did you mean '{hint}'?")}",
                hint is null ? $"Add a bundle with id '{dep}', or remove it from depends_on." : $"Change it to '{hint}', or remove it from depends_on.",
                bundle.Source.Path, bundle.Spec.Id, BundleFields.DependsOn, bundle.PositionOf(BundleFields.DependsOn));
        }
    }

    private static void CheckBudgets(LoadedBundle[] bundles, LoadedSettings settings, DiagnosticSink sink)
    {
        decimal declared = 0;
        foreach (var bundle in bundles)
        {
            if (bundle.Spec.MaxCostUsd is { } cost)
            {
                declared += cost;
            }
            else if (bundle.FieldOffsets[BundleFields.FieldIndex[BundleFields.MaxCostUsd]] < 0)
            {
                sink.Warning(DiagnosticCodes.MissingBudget, $"{bundle.Spec.Id} has no max_cost_usd; its tool spending is not capped.",
                    "Add \"max_cost_usd\": the most this workstream may spend, in US dollars.",
                    bundle.Source.Path, bundle.Spec.Id, BundleFields.MaxCostUsd, bundle.Position);
            }
        }
        if (settings.Settings.Budget?.MaxCostUsd is { } planBudget && declared > planBudget)
        {
            sink.Warning(DiagnosticCodes.BudgetsExceedPlanBudget,
                $"The workstream budgets add up to ${Money(declared)}, more than the plan budget of ${Money(planBudget)}; the plan budget will stop the run first.",
                "Raise budget.max_cost_usd in plan.json, or lower the max_cost_usd of some workstreams.",
                settings.Source?.Path, field: "budget.max_cost_usd", position: settings.PositionOf("budget"));
        }
    }

    private static void CheckContext(LoadedBundle[] bundles, PlanSettings settings, IReadOnlyDictionary<string, ToolProfile> profiles,
        RepositoryFiles? repository, InspectOptions options, DiagnosticSink sink)
    {
        foreach (var bundle in bundles)
        {
            var ws = bundle.Spec;
            var toolName = ws.Tool ?? settings.DefaultTool;
            if (toolName is null || !profiles.TryGetValue(toolName, out var profile))
            {
                continue;
            }
            // Shell commands and the fake agent read no prompt context.
            if (profile.Kind != ToolKind.Command)
            {
                continue;
            }
            var window = options.ContextWindows?.GetValueOrDefault(toolName) is { } own and > 0 ? own : profile.ContextWindow;
            long tokens;
            string source;
            if (repository is not null)
            {
                var patterns = ws.FilesScope.Select(p => ScopePattern.TryParse(p, out var pattern, out _) ? pattern : null).OfType<ScopePattern>();
                tokens = (repository.SizeOf(patterns) + 3) / 4;
                source = "the files in its scope (4 characters per token)";
            }
            else if (ws.EstimatedContextTokens is { } estimate)
            {
                tokens = estimate;
                source = "estimated_context_tokens";
            }
            else
            {
                if (bundle.FieldOffsets[BundleFields.FieldIndex[BundleFields.EstimatedContextTokens]] < 0)
                {
                    sink.Warning(DiagnosticCodes.MissingContextEstimate,
                        $"{ws.Id} has no estimated_context_tokens, so its context size against {toolName}'s window ({Tokens(window)}) is unchecked.",
                        "Add \"estimated_context_tokens\", or validate with --repo <checkout> to measure the files in scope.",
                        bundle.Source.Path, ws.Id, BundleFields.EstimatedContextTokens, bundle.Position);
                }
                continue;
            }
            if (tokens > window)
            {
                sink.Warning(DiagnosticCodes.ContextTooLarge,
                    $"{ws.Id} needs about {Tokens(tokens)} of context by {source}, more than {toolName}'s window of {Tokens(window)}.",
                    "Split the workstream or narrow files_scope, or use a tool with a larger window (e.g. claude, 200k).",
                    bundle.Source.Path, ws.Id, repository is not null ? BundleFields.FilesScope : BundleFields.EstimatedContextTokens,
                    bundle.PositionOf(repository is not null ? BundleFields.FilesScope : BundleFields.EstimatedContextTokens));
            }
        }
    }

    private static void CheckGates(LoadedBundle[] bundles, LoadedSettings settings, DiagnosticSink sink)
    {
        var commands = settings.Settings.GateCommands;
        string Fix(string type) =>
            $"Add \"command\" to the gate, or a default for {type} under \"gate_commands\" in plan.json.";

        foreach (var bundle in bundles)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var gate in bundle.Spec.TestGates)
            {
                if (gate.Command is null && !commands.ContainsKey(gate.Type) && seen.Add(gate.Type))
                {
                    sink.Warning(DiagnosticCodes.GateWithoutCommand,
                        $"{bundle.Spec.Id} has a {gate.Type} gate with no command and plan.json gives no default for {gate.Type}; it will be skipped at run time.",
                        Fix(gate.Type), bundle.Source.Path, bundle.Spec.Id, BundleFields.TestGates, bundle.PositionOf(BundleFields.TestGates));
                }
            }
        }
        var gates = settings.Settings.IntegrationGates;
        for (var i = 0; i < gates.Count; i++)
        {
            if (gates[i].Command is null && !commands.ContainsKey(gates[i].Type))
            {
                sink.Warning(DiagnosticCodes.GateWithoutCommand,
                    $"integration_gates[{i}] ({gates[i].Type}) has no command and gate_commands gives no default; it will be skipped at run time.",
                    Fix(gates[i].Type), settings.Source?.Path, field: $"integration_gates[{i}]",
                    position: settings.Source?.Position(settings.IntegrationGateOffsets[i]));
            }
        }
    }

    /// <summary>Warns about conflicting workstreams that dependencies do not order: they will be serialized.</summary>
    private static List<(int A, int B, string Reason)> CheckConflicts(LoadedBundle[] bundles, PlanGraph graph, ConflictGraph conflicts,
        Reachability reachability, DiagnosticSink sink)
    {
        var groupMates = new Dictionary<int, List<int>>();
        var unordered = new List<(int A, int B, string Reason)>();
        foreach (var (a, b, reason) in conflicts.IndexedPairs())
        {
            if (reachability.Ordered(a, b))
            {
                continue;
            }
            unordered.Add((a, b, reason));
            var first = bundles[a];
            var second = bundles[b];
            if (first.Spec.ConflictGroup is { } group && group == second.Spec.ConflictGroup)
            {
                (groupMates.TryGetValue(a, out var la) ? la : groupMates[a] = []).Add(b);
                (groupMates.TryGetValue(b, out var lb) ? lb : groupMates[b] = []).Add(a);
                continue;
            }
            sink.Warning(DiagnosticCodes.ScopeOverlap,
                $"{reason}. {first.Spec.Id} ({first.Source.Path}) and {second.Spec.Id} ({second.Source.Path}) are not ordered by depends_on, so they will run one after the other.",
                $"If {second.Spec.Id} should come after {first.Spec.Id}, add \"{first.Spec.Id}\" to its depends_on; otherwise narrow files_scope so the two do not overlap.",
                first.Source.Path, first.Spec.Id, BundleFields.FilesScope, first.PositionOf(BundleFields.FilesScope));
        }
        foreach (var (member, mates) in groupMates.OrderBy(kv => kv.Key))
        {
            var bundle = bundles[member];
            mates.Sort();
            var names = string.Join(", ", mates.Take(ListLimit).Select(m => graph.Ids[m]));
            var more = mates.Count > ListLimit ? $" and {mates.Count - ListLimit} more" : "";
            sink.Warning(DiagnosticCodes.SharedConflictGroup,
                $"{bundle.Spec.Id} shares conflict_group '{bundle.Spec.ConflictGroup}' with {names}{more}, which depends_on does not order; they will run one at a time.",
                "Nothing to do if that is intended; otherwise remove conflict_group or order them with depends_on.",
                bundle.Source.Path, bundle.Spec.Id, BundleFields.ConflictGroup, bundle.PositionOf(BundleFields.ConflictGroup));
        }
        return unordered;
    }

    private static string Money(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Tokens(long tokens) => tokens >= 1000
        ? (tokens / 1000.0).ToString("0.#", CultureInfo.InvariantCulture) + "k tokens"
        : tokens.ToString(CultureInfo.InvariantCulture) + " tokens";
}
