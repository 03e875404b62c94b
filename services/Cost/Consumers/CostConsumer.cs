using MassTransit;

using Uet.Contracts;
using Uet.Cost.Ledger;
using Uet.Hosting.Telemetry;

namespace Uet.Cost.Consumers;

/// <summary>
/// The Cost service's messages: <see cref="PlanAccepted"/> sets a run's budgets, <see cref="ResumeRun"/> may replace
/// the run budget, <see cref="UsageReported"/> is priced, stored once and checked against the budgets. What the ledger
/// decides is published after its transaction committed: <see cref="CostRecorded"/> for each report, and
/// <see cref="BudgetWarning"/> / <see cref="BudgetExceeded"/> when a budget's threshold or limit is passed.
/// </summary>
public sealed class CostConsumer(CostLedger ledger) : IConsumer<UsageReported>, IConsumer<PlanAccepted>, IConsumer<ResumeRun>
{
    public async Task Consume(ConsumeContext<UsageReported> context)
    {
        var outcome = await ledger.RecordAsync(context.Message, context.CancellationToken);
        if (!outcome.Duplicate)
        {
            var e = outcome.Entry;
            UetMetrics.CostRecorded(e.Model, e.CostUsd, e.Priced, e.InputTokens, e.CachedInputTokens, e.OutputTokens);
        }

        await PublishAsync(context, outcome.Events);
    }

    public async Task Consume(ConsumeContext<PlanAccepted> context) =>
        await PublishAsync(context, await ledger.ApplyPlanAsync(context.Message, context.CancellationToken));

    public async Task Consume(ConsumeContext<ResumeRun> context) =>
        await PublishAsync(context, await ledger.ApplyResumeAsync(context.Message, context.CancellationToken));

    private static async Task PublishAsync(ConsumeContext context, IEnumerable<CostEvent> events)
    {
        foreach (var e in events)
        {
            // Published by runtime type; the id comes from what caused the event, so a re-sent event repeats it.
            await context.Publish(e.Message, c => c.MessageId = e.MessageId, context.CancellationToken);
        }
    }
}
