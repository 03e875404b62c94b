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

    /// <summary>
    /// Runs every check except the conflict warnings (see <see cref="ConflictWarnings"/>). The conflict graph is
    /// built on a second core meanwhile: it needs only the sorted workstreams and their parsed scopes.
    /// </summary>
    public static CheckedPlan Run(List<LoadedBundle> loaded, LoadedSettings settings, RepositoryFiles? repository,
        InspectOptions options, DiagnosticSink sink)
    {
        var bundles = Deduplicate(loaded, sink);
        var workstreams = bundles.Select(b => b.Spec).ToArray();
        ConflictGraph? conflicts = null;
        PlanGraph? graph = null;
        int[]? order = null;
        int[]? levels = null;
        Reachability? reachability = null;

        Parallel.Invoke(
            () => conflicts = ConflictGraph.Build(workstreams, i => bundles[i].Patterns),
            () =>
            {
                var dropped = new List<(int Workstream, string Dependency)>();
                graph = PlanGraph.Build(workstreams, (i, dep) => dropped.Add((i, dep)));
                var profiles = ToolCatalog.Profiles(settings.Settings);
                CheckTools(bundles, settings, profiles, sink);
                CheckDependencies(bundles, graph, dropped, sink);
                CheckBudgets(bundles, settings, sink);
                CheckContext(bundles, settings.Settings, profiles, repository, options, sink);
                CheckGates(bundles, settings, sink);
                if (graph.TryTopologicalOrder(out var sorted))
                {
                    order = sorted;
                    levels = graph.Levels(sorted);
                    reachability = new Reachability(graph, levels);
                }
                else
                {
                    CycleFinder.Report(bundles, graph, sink);
                }
            });

        return new CheckedPlan
        {
            Settings = settings,
            Workstreams = workstreams,
            Bundles = bundles,
            Graph = graph!,
            TopologicalOrder = order,
            Levels = levels,
            Conflicts = order is null ? null : conflicts,
            Reachability = reachability,
        };
    }

    /// <summary>
    /// Keeps the first bundle of each id (in file order) and reports the others; returns them sorted by id.
    /// Sorting by (id, load order) puts duplicates next to each other, so no id table is needed.
    /// </summary>
    private static LoadedBundle[] Deduplicate(List<LoadedBundle> loaded, DiagnosticSink sink)
    {
        var order = new int[loaded.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        Array.Sort(order, (x, y) =>
        {
            var c = string.CompareOrdinal(loaded[x].Spec.Id, loaded[y].Spec.Id);
            return c != 0 ? c : x.CompareTo(y);
        });
        var unique = new List<LoadedBundle>(loaded.Count);
        LoadedBundle? original = null;
        foreach (var i in order)
        {
            var bundle = loaded[i];
            if (original is not null && original.Spec.Id == bundle.Spec.Id)
            {
                var (line, _) = original.PositionOf(BundleFields.Id);
                sink.Error(DiagnosticCodes.DuplicateId,
                    $"{bundle.Spec.Id} is defined twice: in {original.Source.Path} (line {line}) and in {bundle.Source.Path} (line {bundle.PositionOf(BundleFields.Id).Line}).",
                    "Give one of them another id (and update the depends_on that mean it), or delete the duplicate.",
                    bundle.Source.Path, bundle.Spec.Id, BundleFields.Id, bundle.PositionOf(BundleFields.Id));
                continue;
            }
            original = bundle;
            unique.Add(bundle);
        }
        return [.. unique];
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

    /// <summary>Reports the dependencies the graph had to leave out: on itself, or on no workstream of the plan.</summary>
    private static void CheckDependencies(LoadedBundle[] bundles, PlanGraph graph, List<(int Workstream, string Dependency)> dropped, DiagnosticSink sink)
    {
        var unknown = new List<(LoadedBundle Bundle, string Dependency)>();
        foreach (var (i, dep) in dropped)
        {
            var bundle = bundles[i];
            if (dep == bundle.Spec.Id)
            {
                sink.Error(DiagnosticCodes.SelfDependency, $"{dep} depends on itself.",
                    $"Remove \"{dep}\" from its own depends_on.",
                    bundle.Source.Path, bundle.Spec.Id, BundleFields.DependsOn, bundle.PositionOf(BundleFields.DependsOn));
            }
            else
            {
                unknown.Add((bundle, dep));
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
        static string Fix(string type) =>
            $"Add \"command\" to the gate, or a default for {type} under \"gate_commands\" in plan.json.";

        foreach (var bundle in bundles)
        {
            var gatesOfWs = bundle.Spec.TestGates;
            for (var g = 0; g < gatesOfWs.Count; g++)
            {
                var gate = gatesOfWs[g];
                // One warning per gate type; a bundle has few gates, so look back rather than keep a set.
                if (gate.Command is null && !commands.ContainsKey(gate.Type) && !gatesOfWs.Take(g).Any(o => o.Command is null && o.Type == gate.Type))
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

    private static string Money(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Tokens(long tokens) => tokens >= 1000
        ? (tokens / 1000.0).ToString("0.#", CultureInfo.InvariantCulture) + "k tokens"
        : tokens.ToString(CultureInfo.InvariantCulture) + " tokens";
}
