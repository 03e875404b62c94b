namespace Uet.Contracts.Plans;

public enum DiagnosticSeverity
{
    Error,
    Warning,
}

/// <summary>
/// One finding about a plan. It names where (file, line, column, workstream, field), what is wrong,
/// and how to fix it; <c>Code</c> is stable (e.g. <c>UET012</c>) for tooling.
/// </summary>
public sealed record PlanDiagnostic(
    DiagnosticSeverity Severity,
    string Code,
    string Message,
    string Fix,
    string? File = null,
    string? WorkstreamId = null,
    string? Field = null,
    long? Line = null,
    long? Column = null);
