using Uet.Contracts;

namespace Uet.Integration;

/// <summary>What <see cref="GitIntegrator.PrepareAsync"/> answers: exactly one of the two events.</summary>
public abstract record PrepareOutcome
{
    private PrepareOutcome()
    {
    }

    public sealed record Prepared(IntegrationPrepared Event) : PrepareOutcome;

    public sealed record Failed(IntegrationPreparationFailed Event) : PrepareOutcome;
}

/// <summary>What <see cref="GitIntegrator.IntegrateAsync"/> answers: exactly one of the three events.</summary>
public abstract record IntegrateOutcome
{
    private IntegrateOutcome()
    {
    }

    public sealed record Integrated(WorkstreamIntegrated Event) : IntegrateOutcome;

    public sealed record Conflict(MergeConflictDetected Event) : IntegrateOutcome;

    public sealed record GateFailed(IntegrationGateFailed Event) : IntegrateOutcome;
}
