using System.Text.Json;

namespace Uet.Gateway.Submission;

/// <summary>
/// POST /api/runs: a plan (a folder on the gateway's machine, or its files in the body) and the options of
/// <c>uet run</c>. docs/api.md has the field table and examples.
/// </summary>
public sealed record SubmitRequest
{
    /// <summary>The run's name (letters, digits, . _ -); default a timestamp. It names branches: uet/&lt;run&gt;/….</summary>
    public string? RunName { get; init; }

    /// <summary>A plan folder (or one bundle file) as the gateway sees it; relative to UET_GATEWAY_PLAN_ROOT when that is set.</summary>
    public string? PlanPath { get; init; }

    /// <summary>The plan's files instead of <see cref="PlanPath"/>: bundles and an optional plan.json.</summary>
    public IReadOnlyList<PlanFileRequest>? Files { get; init; }

    /// <summary>Name of a plan given as <see cref="Files"/>; default "plan" (plan.json's name wins).</summary>
    public string? PlanName { get; init; }

    /// <summary>The git repository the workstreams change, as the services see it (absolute path).</summary>
    public string? Repo { get; init; }

    public string? BaseRef { get; init; }

    public int? MaxWorkers { get; init; }

    /// <summary><c>fail-fast</c> or <c>keep-going</c>; default plan.json's.</summary>
    public string? FailurePolicy { get; init; }

    public bool DryRun { get; init; }

    public decimal? BudgetUsd { get; init; }

    /// <summary><c>halt</c>, <c>warn</c> or <c>continue</c>.</summary>
    public string? BudgetMode { get; init; }
}

/// <summary>One plan file: a file name (no folders) and its content, as a JSON string or the JSON itself.</summary>
public sealed record PlanFileRequest(string? Path, JsonElement Content);

/// <summary>The answer to an accepted submission (202): where to look next.</summary>
public sealed record SubmitResponse(
    Guid RunId,
    string RunName,
    string PlanName,
    int Workstreams,
    bool DryRun,
    string Status,
    string Events,
    string Stream,
    string Report,
    IReadOnlyList<Api.DiagnosticView> Warnings);
