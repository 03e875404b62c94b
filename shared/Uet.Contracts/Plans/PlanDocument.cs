namespace Uet.Contracts.Plans;

/// <summary>A loaded plan: its bundles (sorted by id) and its settings.</summary>
public sealed record PlanDocument(string Name, PlanSettings Settings, IReadOnlyList<WorkstreamSpec> Workstreams);

/// <summary>One file of a plan as submitted over the wire, so a Planner on another machine needs no shared disk.</summary>
public sealed record PlanFile(string Path, string Content);
