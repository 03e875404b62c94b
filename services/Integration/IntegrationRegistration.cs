using MassTransit;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Uet.Integration;

/// <summary>The Integration service's one entry point: any host (its own process, the embedded host, a test harness) adds it to its bus.</summary>
public static class IntegrationRegistration
{
    public static IBusRegistrationConfigurator AddIntegration(
        this IBusRegistrationConfigurator configurator, Action<IntegrationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configurator);
        var options = configurator.AddOptions<IntegrationOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        // A host may already provide a clock (tests use a fake one); only fall back to the system clock.
        configurator.TryAddSingleton(TimeProvider.System);
        configurator.TryAddSingleton(sp => new GitIntegrator(
            sp.GetRequiredService<IOptions<IntegrationOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<GitIntegrator>>()));
        configurator.AddConsumer<IntegrationConsumer, IntegrationConsumerDefinition>();
        return configurator;
    }
}
