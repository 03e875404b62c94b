using Uet.Contracts.Plans;

namespace Uet.Domain.Validation;

/// <summary>Collects diagnostics while a plan is loaded and checked.</summary>
internal sealed class DiagnosticSink
{
    private readonly List<PlanDiagnostic> _items = [];

    public bool HasErrors { get; private set; }

    public IReadOnlyList<PlanDiagnostic> Items => _items;

    public void Add(PlanDiagnostic diagnostic)
    {
        HasErrors |= diagnostic.Severity == DiagnosticSeverity.Error;
        _items.Add(diagnostic);
    }

    public void Error(string code, string message, string fix, string? file, string? workstreamId = null,
        string? field = null, (long Line, long Column)? position = null) =>
        Add(new PlanDiagnostic(DiagnosticSeverity.Error, code, message, fix, file, workstreamId, field, position?.Line, position?.Column));

    public void Warning(string code, string message, string fix, string? file, string? workstreamId = null,
        string? field = null, (long Line, long Column)? position = null) =>
        Add(new PlanDiagnostic(DiagnosticSeverity.Warning, code, message, fix, file, workstreamId, field, position?.Line, position?.Column));

    /// <summary>Sorted by file, line, workstream, code, then the rest, so output never depends on discovery order.</summary>
    public IReadOnlyList<PlanDiagnostic> Sorted()
    {
        var sorted = _items.ToArray();
        Array.Sort(sorted, Compare);
        return sorted;
    }

    private static int Compare(PlanDiagnostic a, PlanDiagnostic b)
    {
        var c = string.CompareOrdinal(a.File ?? "", b.File ?? "");
        if (c == 0) c = (a.Line ?? 0).CompareTo(b.Line ?? 0);
        if (c == 0) c = string.CompareOrdinal(a.WorkstreamId ?? "", b.WorkstreamId ?? "");
        if (c == 0) c = string.CompareOrdinal(a.Code, b.Code);
        if (c == 0) c = (a.Column ?? 0).CompareTo(b.Column ?? 0);
        if (c == 0) c = string.CompareOrdinal(a.Field ?? "", b.Field ?? "");
        if (c == 0) c = string.CompareOrdinal(a.Message, b.Message);
        return c;
    }
}
