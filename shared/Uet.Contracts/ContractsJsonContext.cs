using System.Text.Json.Serialization;

using Uet.Contracts.Plans;

namespace Uet.Contracts;

/// <summary>
/// System.Text.Json metadata for every message, written at compile time. Without it each process builds the same
/// metadata by reflection and emits accessors the first time it sends or reads a message type, once per options
/// instance: JIT work at start that ahead-of-time compilation cannot do for it. Added in front of the reflection
/// resolver (<c>TypeInfoResolverChain</c>), so naming policy and converters still come from the options it joins.
/// A new message without a line here still works, by reflection, and <c>MessageJsonTests</c> fails until it has one.
/// </summary>
[JsonSerializable(typeof(CostRecorded))]
[JsonSerializable(typeof(BudgetWarning))]
[JsonSerializable(typeof(BudgetExceeded))]
[JsonSerializable(typeof(ExecuteWorkstream))]
[JsonSerializable(typeof(CancelWorkstream))]
[JsonSerializable(typeof(WorkstreamStarted))]
[JsonSerializable(typeof(WorkstreamHeartbeat))]
[JsonSerializable(typeof(WorkstreamSucceeded))]
[JsonSerializable(typeof(WorkstreamFailed))]
[JsonSerializable(typeof(GateEvaluated))]
[JsonSerializable(typeof(UsageReported))]
[JsonSerializable(typeof(LeaseExpired))]
[JsonSerializable(typeof(PrepareIntegration))]
[JsonSerializable(typeof(IntegrationPrepared))]
[JsonSerializable(typeof(IntegrationPreparationFailed))]
[JsonSerializable(typeof(IntegrateWorkstream))]
[JsonSerializable(typeof(WorkstreamIntegrated))]
[JsonSerializable(typeof(MergeConflictDetected))]
[JsonSerializable(typeof(IntegrationGateFailed))]
[JsonSerializable(typeof(RevertIntegration))]
[JsonSerializable(typeof(IntegrationReverted))]
[JsonSerializable(typeof(SubmitPlan))]
[JsonSerializable(typeof(PlanAccepted))]
[JsonSerializable(typeof(PlanRejected))]
[JsonSerializable(typeof(CancelRun))]
[JsonSerializable(typeof(ResumeRun))]
[JsonSerializable(typeof(RunStarted))]
[JsonSerializable(typeof(RunCompleted))]
[JsonSerializable(typeof(RunFailed))]
[JsonSerializable(typeof(RunCancelled))]
[JsonSerializable(typeof(RunHalted))]
[JsonSerializable(typeof(WorkstreamStateChanged))]
[JsonSerializable(typeof(WorkstreamStatesChanged))]
[JsonSerializable(typeof(WorkerStatusChanged))]
public sealed partial class ContractsJsonContext : JsonSerializerContext;
