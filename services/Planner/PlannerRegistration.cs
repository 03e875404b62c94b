using MassTransit;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Uet.Planner;

/// <summary>The Planner's one entry point: any host (its own process, the embedded host, a test harness) adds it to its bus.</summary>
public static class PlannerRegistration
{
    public static IBusRegistrationConfigurator AddPlanner(this IBusRegistrationConfigurator configurator)
    {
        ArgumentNullException.ThrowIfNull(configurator);
        // A host may already provide a clock (tests use a fake one); only fall back to the system clock.
        configurator.TryAddSingleton(TimeProvider.System);
        configurator.AddConsumer<SubmitPlanConsumer>();
        return configurator;
    }
}
