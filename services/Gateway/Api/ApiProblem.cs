using System.Text.Json.Serialization;

using Microsoft.AspNetCore.Http;

using Uet.Contracts.Plans;

namespace Uet.Gateway.Api;

/// <summary>The body of every error the API returns: what is wrong and how to fix it, never a stack trace.</summary>
/// <param name="Errors">For an invalid plan: the validator's findings (file, field, message, fix).</param>
public sealed record ApiError(
    string Error,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<DiagnosticView>? Errors = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<DiagnosticView>? Warnings = null);

/// <summary>One validator finding as the API shows it (the same fields as <c>uet validate --output json</c>).</summary>
public sealed record DiagnosticView(string Code, string Severity, string? File, long? Line, long? Column, string? Workstream, string? Field, string Message, string Fix)
{
    public static DiagnosticView From(PlanDiagnostic d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new(d.Code, d.Severity == DiagnosticSeverity.Error ? "error" : "warning", d.File, d.Line, d.Column, d.WorkstreamId, d.Field, d.Message, d.Fix);
    }
}

/// <summary>Thrown by an endpoint to answer with <see cref="Status"/> and an <see cref="ApiError"/>; see <see cref="ErrorHandling"/>.</summary>
public sealed class ApiProblem(int status, ApiError body) : Exception(body.Error)
{
    public int Status { get; } = status;

    public ApiError Body { get; } = body;

    public static ApiProblem BadRequest(string message) => new(StatusCodes.Status400BadRequest, new ApiError(message));

    public static ApiProblem NotFound(string message) => new(StatusCodes.Status404NotFound, new ApiError(message));

    public static ApiProblem Conflict(string message) => new(StatusCodes.Status409Conflict, new ApiError(message));
}
