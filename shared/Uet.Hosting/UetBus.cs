using MassTransit;

using Microsoft.Extensions.DependencyInjection;

namespace Uet.Hosting;

/// <summary>
/// The one place the transport is chosen: RabbitMQ when <see cref="ServiceSettings.RabbitMq"/> is set (durable
/// queues, publisher confirms, automatic reconnects), else MassTransit's in-memory transport. Services register
/// their consumers and sagas in <paramref name="register"/> and never see which transport carries them.
/// </summary>
public static class UetBus
{
    public static IServiceCollection AddUetBus(this IServiceCollection services, Uri? rabbitMq, Action<IBusRegistrationConfigurator> register)
    {
        ArgumentNullException.ThrowIfNull(register);
        services.AddMassTransit(x =>
        {
            x.AddUetBusDefaults();
            register(x);
            if (rabbitMq is null)
            {
                x.UsingInMemory((context, cfg) =>
                {
                    cfg.UseEnvelopeDeserializer();
                    cfg.ConfigureEndpoints(context);
                });
                return;
            }

            x.UsingRabbitMq((context, cfg) =>
            {
                ConfigureHost(cfg, rabbitMq);
                cfg.UseEnvelopeDeserializer();
                cfg.Durable = true;
                cfg.ConfigureEndpoints(context);
            });
        });

        // A broker that is down at start-up or goes away later is waited for (MassTransit reconnects); stopping
        // must not hang on it forever.
        services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromMinutes(2);
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });
        return services;
    }

    /// <summary>
    /// What every bus of ours has, the embedded one too: no usage telemetry (MassTransit otherwise posts a report
    /// about the host to its vendor's server five minutes after start; our services must not call out unasked, and
    /// on a machine without internet they would only wait on it), and our contracts' compile-time JSON metadata.
    /// </summary>
    public static IBusRegistrationConfigurator AddUetBusDefaults(this IBusRegistrationConfigurator bus)
    {
        MessageJson.UseContractMetadata();
        return bus.DisableUsageTelemetry();
    }

    /// <summary>Incoming messages are read by <see cref="EnvelopeDeserializer"/>: one parse of the body, not three copies.</summary>
    public static void UseEnvelopeDeserializer(this IBusFactoryConfigurator cfg)
    {
        ArgumentNullException.ThrowIfNull(cfg);
        cfg.AddDeserializer(new EnvelopeSerializerFactory(), isDefault: true);
    }

    /// <summary>A bus with no consumers, for a client that only publishes (the CLI against a cluster).</summary>
    public static IBusControl CreateClient(Uri rabbitMq) =>
        Bus.Factory.CreateUsingRabbitMq(cfg => ConfigureHost(cfg, rabbitMq));

    private static void ConfigureHost(IRabbitMqBusFactoryConfigurator cfg, Uri rabbitMq) =>
        cfg.Host(rabbitMq, h =>
        {
            h.PublisherConfirmation = true;
            h.Heartbeat(TimeSpan.FromSeconds(10));
            h.RequestedConnectionTimeout(TimeSpan.FromSeconds(10));
            h.ConnectionName(AppDomain.CurrentDomain.FriendlyName);
        });
}
