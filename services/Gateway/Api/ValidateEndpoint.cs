using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

using Uet.Contracts.Plans;
using Uet.Domain;
using Uet.Gateway.Submission;

namespace Uet.Gateway.Api;

/// <summary>
/// POST /api/validate: <c>uet validate</c> over HTTP. The same body as a submission (only the plan is read); 200 with
/// the findings and, for a valid plan, its analysis (waves, critical path, speedup). Nothing is run.
/// </summary>
internal static class ValidateEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/validate", async (HttpRequest request, PlanSubmitter submitter) =>
        {
            var body = await RequestBody.ReadOptionalAsync<SubmitRequest>(request)
                ?? throw ApiProblem.BadRequest("The request has no body: send a JSON object with planPath or files, as in docs/api.md.");
            var (planName, files) = submitter.ReadPlan(body);
            if (body.MaxWorkers is < 1)
            {
                throw ApiProblem.BadRequest($"maxWorkers {body.MaxWorkers} is not valid: give 1 or more.");
            }

            var report = PlanInspector.Inspect(planName, files, new InspectOptions { MaxWorkers = body.MaxWorkers });
            var analysis = report.Analysis is { } a
                ? new AnalysisView(a.MaxWorkers, a.Waves, a.CriticalPath, a.SpeedupByWaves, a.SpeedupBound, a.MaxParallelism, a.Conflicts.Select(c => $"{c.First} / {c.Second}: {c.Reason}").ToList())
                : null;
            return Results.Json(
                new ValidationView(
                    report.IsValid,
                    report.Plan?.Name ?? planName,
                    report.Plan?.Workstreams.Count,
                    report.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(DiagnosticView.From).ToList(),
                    report.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning).Select(DiagnosticView.From).ToList(),
                    analysis),
                GatewayJson.Options);
        });
}

public sealed record ValidationView(bool Valid, string Plan, int? Workstreams, IReadOnlyList<DiagnosticView> Errors, IReadOnlyList<DiagnosticView> Warnings, AnalysisView? Analysis);

public sealed record AnalysisView(
    int MaxWorkers,
    IReadOnlyList<IReadOnlyList<string>> Waves,
    IReadOnlyList<string> CriticalPath,
    double SpeedupByWaves,
    double SpeedupBound,
    int MaxParallelism,
    IReadOnlyList<string> Conflicts);
