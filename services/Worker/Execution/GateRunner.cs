using Uet.Contracts;
using Uet.Hosting.Telemetry;
using Uet.Worker.Tools;

namespace Uet.Worker.Execution;

/// <summary>
/// Runs acceptance tests (type <c>ACCEPTANCE</c>, required and blocking) and then test gates, in order.
/// A failing blocking gate stops at once; the attempt passes only if every required gate passed; other failures
/// become warnings. A gate with no command (its own or the plan's default for its type) is skipped with a warning.
/// Gates run AI-written code, so they get the tool's environment allow-list too.
/// </summary>
internal sealed class GateRunner(ToolProcessRunner runner, IWorkerEvents events)
{
    public const string AcceptanceType = "ACCEPTANCE";

    public async Task<(StepFailure? Failure, IReadOnlyList<string> Warnings)> RunAsync(
        ExecuteWorkstream message,
        string worktree,
        AttemptLog log,
        CancellationToken ct)
    {
        var warnings = new List<string>();
        var requiredFailures = new List<string>();
        var timeout = TimeSpan.FromSeconds(Math.Max(1, message.Tool.TimeoutSeconds));
        var gates = message.Spec.AcceptanceTests
            .Select(command => (Type: AcceptanceType, Command: (string?)command, Required: true, Blocking: true))
            .Concat(message.Spec.TestGates.Select(g => (g.Type, g.Command ?? message.GateCommands.GetValueOrDefault(g.Type), g.Required, g.Blocking)));

        foreach (var (type, command, required, blocking) in gates)
        {
            var label = type == AcceptanceType ? "acceptance test" : $"gate {type}";
            if (string.IsNullOrWhiteSpace(command))
            {
                var warning = $"{label} skipped: no command (give the gate a \"command\" in {SourceOf(message)}, or a default for {type} in plan.json gate_commands)";
                log.Step(warning);
                warnings.Add(warning);
                continue;
            }

            using var span = UetDiagnostics.StartWorkstreamSpan(UetDiagnostics.GateSpan, message.RunId, message.RunName, message.WorkstreamId, message.Attempt)
                ?.SetTag(UetDiagnostics.GateTypeTag, type);
            var result = await runner.RunAsync(new ProcessSpec(label, ["bash", "-c", command], worktree, message.Tool.EnvAllow, timeout), log, null, ct);
            if (result.End == ProcessEnd.Cancelled)
            {
                ct.ThrowIfCancellationRequested();
            }

            await events.PublishAsync(
                new GateEvaluated(message.RunId, message.WorkstreamId, message.Attempt, type, command, result.Succeeded, required, blocking, result.ExitCode, result.Duration, result.OutputTail),
                ct);
            span?.SetTag(UetDiagnostics.PassedTag, result.Succeeded);
            UetMetrics.GateEvaluated(type, result.Succeeded, required);
            if (result.Succeeded)
            {
                continue;
            }

            var what = result.End == ProcessEnd.TimedOut
                ? $"{label} `{command}` timed out after {timeout.TotalSeconds:F0} s"
                : $"{label} `{command}` failed with exit code {result.ExitCode}" + (result.LastLine.Length > 0 ? $": {result.LastLine}" : "");
            if (blocking)
            {
                return (new StepFailure(type == AcceptanceType ? FailureKind.AcceptanceTestFailed : FailureKind.GateFailed, what), warnings);
            }

            if (required)
            {
                requiredFailures.Add(what);
            }
            else
            {
                warnings.Add("non-blocking " + what);
            }
        }

        return requiredFailures.Count > 0
            ? (new StepFailure(FailureKind.GateFailed, "required gate(s) failed: " + string.Join("; ", requiredFailures)), warnings)
            : (null, warnings);
    }

    private static string SourceOf(ExecuteWorkstream message) =>
        message.Spec.SourceFile.Length > 0 ? message.Spec.SourceFile : $"workstream {message.WorkstreamId}";
}
