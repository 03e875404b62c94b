using MassTransit;

using Microsoft.Extensions.Logging;

using Uet.Contracts;
using Uet.Contracts.Plans;
using Uet.Domain;

namespace Uet.Planner;

/// <summary>
/// Validates and analyses a submitted plan and answers with <see cref="PlanAccepted"/> (plan, analysis, warnings)
/// or <see cref="PlanRejected"/> (every error, every warning). The plan travels inside the message, so a Planner
/// on another machine needs no shared disk; only <c>RepoPath</c> (for context estimates) is used when it exists here.
/// </summary>
public sealed class SubmitPlanConsumer(TimeProvider clock, ILogger<SubmitPlanConsumer> logger) : IConsumer<SubmitPlan>
{
    public async Task Consume(ConsumeContext<SubmitPlan> context)
    {
        var submitted = context.Message;
        var report = submitted.Options.MaxWorkers is < 1 ? BadMaxWorkers(submitted) : Inspect(submitted);
        var warnings = report.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning).ToList();

        if (report.IsValid && report.Plan is { } plan && report.Analysis is { } analysis)
        {
            logger.LogInformation(
                "Plan {PlanName} accepted for run {RunId}: {Workstreams} workstreams, {Waves} waves, {Warnings} warnings",
                submitted.PlanName, submitted.RunId, plan.Workstreams.Count, analysis.Waves.Count, warnings.Count);
            await context.Publish(new PlanAccepted(submitted.RunId, plan, analysis, submitted.Options, warnings, clock.GetUtcNow()));
            return;
        }

        var errors = report.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        logger.LogInformation(
            "Plan {PlanName} rejected for run {RunId}: {Errors} errors, {Warnings} warnings",
            submitted.PlanName, submitted.RunId, errors.Count, warnings.Count);
        await context.Publish(new PlanRejected(submitted.RunId, submitted.PlanName, submitted.Options, errors, warnings, clock.GetUtcNow()));
    }

    /// <summary>A client's mistake in the options is answered like a plan error, not with a faulted message.</summary>
    private static PlanReport BadMaxWorkers(SubmitPlan submitted) => new(
        null,
        [
            new PlanDiagnostic(
                DiagnosticSeverity.Error,
                DiagnosticCodes.BadValue,
                $"max_workers is {submitted.Options.MaxWorkers}, but it must be at least 1.",
                "Submit the plan with MaxWorkers of 1 or more, or leave it out to use plan.json's max_workers.",
                Field: "max_workers"),
        ],
        null);

    private static PlanReport Inspect(SubmitPlan submitted)
    {
        var repoPath = submitted.Options.RepoPath;
        var options = new InspectOptions
        {
            MaxWorkers = submitted.Options.MaxWorkers,
            // The submitter's repository path means nothing on another machine; without it the
            // context check falls back to the bundles' estimated_context_tokens.
            RepoPath = !string.IsNullOrWhiteSpace(repoPath) && Directory.Exists(repoPath) ? repoPath : null,
        };
        return PlanInspector.Inspect(submitted.PlanName, submitted.Files, options);
    }
}
