using Microsoft.Extensions.Logging;

using Uet.Contracts;
using Uet.Contracts.Plans;

namespace Uet.Integration;

/// <summary>
/// Runs the plan's integration gates on a merged tree, with the Worker's semantics: a failing blocking gate
/// stops at once and fails; a failing required gate fails once the rest have run; anything else is a warning.
/// </summary>
internal sealed class IntegrationGateRunner(IntegrationOptions options, TimeProvider clock, ILogger logger)
{
    public static bool HasGates(IntegrateWorkstream message) => message.IntegrationGates.Count > 0;

    /// <returns>The failure that keeps the branch where it is, or null when the merge may go in.</returns>
    public async Task<IntegrationGateFailed?> RunAsync(IntegrateWorkstream message, string worktree, CancellationToken ct)
    {
        IntegrationGateFailed? firstRequiredFailure = null;
        foreach (var gate in message.IntegrationGates)
        {
            var command = CommandFor(gate, message);
            var (passed, detail) = command is null
                ? (false, $"integration gate {gate.Type} has no command: give it a \"command\" in plan.json's integration_gates, or set gate_commands.{gate.Type} in plan.json")
                : await RunOneAsync(message, gate, command, worktree, ct);

            if (passed)
            {
                logger.LogInformation("Integration gate {Type} passed for {Workstream} (attempt {Attempt}) in run {Run}",
                    gate.Type, message.WorkstreamId, message.Attempt, message.RunName);
                continue;
            }

            logger.LogWarning("Integration gate {Type} failed for {Workstream} (attempt {Attempt}) in run {Run}: {Detail}",
                gate.Type, message.WorkstreamId, message.Attempt, message.RunName, detail);
            var failure = new IntegrationGateFailed(
                message.RunId, message.WorkstreamId, message.Attempt, gate.Type, command ?? "", detail, clock.GetUtcNow());
            if (gate.Blocking)
            {
                return failure;
            }

            if (gate.Required)
            {
                firstRequiredFailure ??= failure;
            }
        }

        return firstRequiredFailure;
    }

    private static string? CommandFor(TestGateSpec gate, IntegrateWorkstream message) =>
        !string.IsNullOrWhiteSpace(gate.Command) ? gate.Command
        : message.GateCommands.TryGetValue(gate.Type, out var fallback) && !string.IsNullOrWhiteSpace(fallback) ? fallback
        : null;

    private async Task<(bool Passed, string Detail)> RunOneAsync(
        IntegrateWorkstream message, TestGateSpec gate, string command, string worktree, CancellationToken ct)
    {
        var environment = ScriptEnvironment.For(message.RunId, message.RunName, message.WorkstreamId);
        environment["UET_ATTEMPT"] = message.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["UET_INTEGRATION_BRANCH"] = message.IntegrationBranch;
        environment["UET_GATE_TYPE"] = gate.Type;

        var result = await ShellStep.RunAsync(
            command, worktree, environment, options.GateTimeout, options.OutputTailChars, clock, ct);
        return result.Succeeded
            ? (true, result.OutputTail)
            : (false, $"{result.Describe(options.GateTimeout)}\n{result.OutputTail}".TrimEnd());
    }
}
