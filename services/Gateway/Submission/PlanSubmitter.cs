using System.Globalization;
using System.Text.Json;

using MassTransit;

using Uet.Contracts;
using Uet.Contracts.Plans;
using Uet.Domain;
using Uet.Gateway.Api;
using Uet.Git;
using Uet.Scheduler.Queries;

namespace Uet.Gateway.Submission;

/// <summary>
/// Checks a submission the way <c>uet run</c> does (plan, options, repository, base ref, a free run name) and publishes
/// the same <see cref="SubmitPlan"/>. Every refusal is an <see cref="ApiProblem"/> that says what to change.
/// </summary>
public sealed class PlanSubmitter(IBus bus, RunQueries runs, GatewayOptions options, TimeProvider time)
{
    public async Task<SubmitResponse> SubmitAsync(SubmitRequest? request, CancellationToken ct)
    {
        if (request is null)
        {
            throw ApiProblem.BadRequest("The request has no body: send a JSON object with planPath (or files) and repo, as in docs/api.md.");
        }

        if (request.RunName is { } name && !Naming.IsValidRunName(name))
        {
            throw ApiProblem.BadRequest($"runName '{name}' is not a valid run name: use up to 64 letters, digits, '.', '_' and '-', starting with a letter or digit (it becomes part of a branch name).");
        }

        if (request.MaxWorkers is < 1)
        {
            throw ApiProblem.BadRequest($"maxWorkers {request.MaxWorkers} is not valid: give 1 or more, or leave it out for plan.json's max_workers.");
        }

        if (request.BudgetUsd is < 0m)
        {
            throw ApiProblem.BadRequest($"budgetUsd {request.BudgetUsd.Value.ToString(CultureInfo.InvariantCulture)} is negative: give the most the run may spend in US dollars, zero or more.");
        }

        var policy = PolicyOf(request.FailurePolicy);
        var budgetMode = BudgetModeOf(request.BudgetMode);
        var (planName, files) = ReadPlan(request);

        var report = PlanInspector.Inspect(planName, files, new InspectOptions { MaxWorkers = request.MaxWorkers });
        var warnings = report.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning).Select(DiagnosticView.From).ToList();
        if (!report.IsValid || report.Plan is null)
        {
            var errors = report.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(DiagnosticView.From).ToList();
            var first = errors.FirstOrDefault();
            var summary = first is null
                ? "The plan is invalid: nothing was run."
                : $"The plan is invalid ({errors.Count} error(s)); nothing was run. First: {Where(first)}{first.Message} Fix: {first.Fix}";
            throw new ApiProblem(400, new ApiError(summary, errors, warnings));
        }

        var repo = await ResolveRepositoryAsync(request.Repo, ct);
        var baseRef = request.BaseRef ?? report.Plan.Settings.BaseRef ?? "HEAD";
        if (await new GitCli(repo).TryRevParseAsync(baseRef, ct) is null)
        {
            throw ApiProblem.BadRequest($"baseRef '{baseRef}' names no commit in {repo}: give a branch, tag or commit that exists there.");
        }

        var runName = request.RunName ?? Naming.NewRunName(time);
        if (await runs.GetRunAsync(runName, ct) is not null)
        {
            throw ApiProblem.Conflict($"A run named '{runName}' exists already: continue it with POST /api/runs/{runName}/resume, or choose another runName.");
        }

        var runId = Naming.RunIdFor(runName);
        var runOptions = new RunOptions
        {
            RunName = runName,
            RepoPath = repo,
            BaseRef = baseRef,
            MaxWorkers = request.MaxWorkers,
            FailurePolicy = policy,
            DryRun = request.DryRun,
            BudgetUsd = request.BudgetUsd,
            BudgetMode = budgetMode,
            // Each worker keeps logs and worktrees in its own data dir, as for `uet run` on a cluster.
            StateDir = null,
        };
        await bus.Publish(new SubmitPlan(runId, planName, files, runOptions, time.GetUtcNow()), ct);
        await WaitUntilTakenAsync(runName, ct);
        var path = "/api/runs/" + Uri.EscapeDataString(runName);
        return new SubmitResponse(runId, runName, report.Plan.Name, report.Plan.Workstreams.Count, request.DryRun,
            path, path + "/events", path + "/stream", path + "/report", warnings);
    }

    /// <summary>
    /// Answers once the Scheduler has the run (usually milliseconds), so that the links in the answer work at once: a
    /// client that opens the stream right away would otherwise get a 404 for a run still on its way. A Scheduler that
    /// does not take it within <see cref="GatewayOptions.SubmitWait"/> leaves the run queued; the answer says 202 all
    /// the same, and the run appears when a Scheduler takes it.
    /// </summary>
    private async Task WaitUntilTakenAsync(string runName, CancellationToken ct)
    {
        var deadline = time.GetTimestamp() + (long)(options.SubmitWait.TotalSeconds * time.TimestampFrequency);
        while (await runs.GetRunAsync(runName, ct) is null && time.GetTimestamp() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, ct);
        }
    }

    /// <summary>The plan a request names, read but not validated (POST /api/validate uses it too).</summary>
    public (string PlanName, IReadOnlyList<PlanFile> Files) ReadPlan(SubmitRequest request)
    {
        var hasPath = !string.IsNullOrWhiteSpace(request.PlanPath);
        var hasFiles = request.Files is { Count: > 0 };
        if (hasPath == hasFiles)
        {
            throw ApiProblem.BadRequest(hasPath
                ? "Give the plan once: either planPath (a folder on the gateway's machine) or files (the plan's files in the body), not both."
                : "No plan given: set planPath to a plan folder on the gateway's machine, or files to the plan's files ([{\"path\": \"ws-a.json\", \"content\": {...}}]).");
        }

        return hasPath ? ReadFolder(request.PlanPath!) : (request.PlanName ?? "plan", ReadBody(request.Files!));
    }

    private (string, IReadOnlyList<PlanFile>) ReadFolder(string planPath)
    {
        var full = planPath;
        if (options.PlanRoot is { } root)
        {
            full = Path.GetFullPath(Path.Combine(root, planPath));
            var inside = Path.GetRelativePath(root, full);
            if (inside == ".." || inside.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(inside))
            {
                throw ApiProblem.BadRequest($"planPath '{planPath}' leaves the plan folder of this gateway ({root}, UET_GATEWAY_PLAN_ROOT): give a path inside it, or send the files in the body.");
            }
        }
        else if (!Path.IsPathRooted(planPath))
        {
            throw ApiProblem.BadRequest($"planPath '{planPath}' is relative: give an absolute path on the gateway's machine (or the gateway's UET_GATEWAY_PLAN_ROOT makes paths relative to a folder).");
        }

        try
        {
            return (Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(full))), PlanSource.ReadFiles(full));
        }
        catch (PlanInputException e)
        {
            throw ApiProblem.BadRequest(e.Message.Replace($"'{full}'", $"'{planPath}'", StringComparison.Ordinal) + " (planPath is read on the gateway's machine.)");
        }
    }

    private static List<PlanFile> ReadBody(IReadOnlyList<PlanFileRequest> files)
    {
        var result = new List<PlanFile>();
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            var path = file?.Path;
            if (string.IsNullOrWhiteSpace(path) || path.IndexOfAny(['/', '\\']) >= 0 || path is "." or ".." || !path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                throw ApiProblem.BadRequest($"files[{i}].path '{path}' is not a plan file name: give a bare file name ending in .json, such as ws-a.json or plan.json (no folders).");
            }

            if (result.Any(f => f.Path == path))
            {
                throw ApiProblem.BadRequest($"files[{i}].path '{path}' appears twice: give each file once.");
            }

            var content = file!.Content.ValueKind switch
            {
                JsonValueKind.String => file.Content.GetString()!,
                JsonValueKind.Object or JsonValueKind.Array => file.Content.GetRawText(),
                _ => throw ApiProblem.BadRequest($"files[{i}].content ({path}) is missing: give the file's JSON, as an object or as a string."),
            };
            result.Add(new PlanFile(path, content));
        }

        return result.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
    }

    private static async Task<string> ResolveRepositoryAsync(string? repo, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(repo))
        {
            throw ApiProblem.BadRequest("repo is missing: give the absolute path of the git repository the workstreams change, as the Worker and Integration services see it.");
        }

        if (!Path.IsPathRooted(repo))
        {
            throw ApiProblem.BadRequest($"repo '{repo}' is relative: give an absolute path, as the Worker and Integration services see it.");
        }

        if (!Directory.Exists(repo))
        {
            throw ApiProblem.BadRequest($"repo '{repo}' does not exist on the gateway's machine: give the path where the services see the repository (in containers, mount the repositories into the gateway too; docs/deployment.md).");
        }

        var result = await new GitCli(repo).TryRunAsync(["rev-parse", "--show-toplevel"], ct);
        return result.ExitCode == 0
            ? result.StandardOutput.Trim()
            : throw ApiProblem.BadRequest($"repo '{repo}' is not inside a git repository: give the path of a repository (git init, one commit).");
    }

    private static FailurePolicy? PolicyOf(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null => null,
        "fail-fast" => FailurePolicy.FailFast,
        "keep-going" => FailurePolicy.KeepGoing,
        _ => throw ApiProblem.BadRequest($"failurePolicy '{text}' is not a failure policy: use fail-fast (compensate at the first failure) or keep-going (finish what does not depend on it)."),
    };

    private static BudgetMode? BudgetModeOf(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null => null,
        "halt" => BudgetMode.Halt,
        "warn" => BudgetMode.Warn,
        "continue" => BudgetMode.Continue,
        _ => throw ApiProblem.BadRequest($"budgetMode '{text}' is not a budget mode: use halt (stop the run), warn (warn and go on) or continue (record only)."),
    };

    private static string Where(DiagnosticView d)
    {
        var parts = new List<string>();
        if (d.File is { } file)
        {
            parts.Add(d.Line is { } line ? $"{file}:{line}" : file);
        }
        if (d.Workstream is { } ws)
        {
            parts.Add("workstream " + ws);
        }
        if (d.Field is { } field)
        {
            parts.Add("field " + field);
        }
        return parts.Count == 0 ? "" : string.Join(", ", parts) + ": ";
    }
}
