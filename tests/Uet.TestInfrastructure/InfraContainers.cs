using DotNet.Testcontainers.Containers;

using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;

namespace Uet.TestInfrastructure;

/// <summary>
/// PostgreSQL 15 and RabbitMQ (the images docker-compose.yml runs) in containers, published on 127.0.0.1 only, and the
/// variables that name them for the tests. Ryuk, Testcontainers' reaper, removes them if this process dies unawares.
/// </summary>
public sealed class InfraContainers : IAsyncDisposable
{
    public const string PostgresImage = "postgres:15";
    public const string RabbitMqImage = "rabbitmq:3.13-management";

    // Not RabbitMQ's 'guest': that user may only connect from the node's own loopback, and a published port's
    // connections arrive from the container's gateway.
    public const string RabbitMqUser = "uet";
    public const string RabbitMqPassword = "uet";

    /// <summary>The broker's container id: a test restarts the broker with `docker exec ID rabbitmqctl …`.</summary>
    public const string RabbitMqContainerVariable = "UET_TEST_RABBITMQ_CONTAINER";

    private readonly List<IContainer> _started = [];
    private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);

    private InfraContainers()
    {
    }

    /// <summary>UET_POSTGRES, UET_RABBITMQ and UET_TEST_RABBITMQ_CONTAINER, for what was started.</summary>
    public IReadOnlyDictionary<string, string> Variables => _variables;

    /// <summary>Starts what the options ask for and waits until each is ready; on failure, removes what did start.</summary>
    public static async Task<InfraContainers> StartAsync(InfraOptions options, CancellationToken cancellation)
    {
        var containers = new InfraContainers();
        try
        {
            var starting = new List<Task>();
            if (options.Postgres)
            {
                starting.Add(containers.StartPostgresAsync(cancellation));
            }

            if (options.RabbitMq)
            {
                starting.Add(containers.StartRabbitMqAsync(cancellation));
            }

            await Task.WhenAll(starting);
            return containers;
        }
        catch
        {
            await containers.DisposeAsync();
            throw;
        }
    }

    private async Task StartPostgresAsync(CancellationToken cancellation)
    {
        // The cluster tests run every service with its own pool, as test.sh's local server allows (max_connections).
        var postgres = new PostgreSqlBuilder(PostgresImage)
            .WithCommand("-c", "max_connections=200")
            .WithCreateParameterModifier(LoopbackPorts.Apply)
            .Build();
        Track(postgres);
        await postgres.StartAsync(cancellation);
        var port = postgres.GetMappedPublicPort(PostgreSqlBuilder.PostgreSqlPort);
        lock (_variables)
        {
            _variables["UET_POSTGRES"] = PostgresConnectionString(port);
        }
    }

    private async Task StartRabbitMqAsync(CancellationToken cancellation)
    {
        var rabbitMq = new RabbitMqBuilder(RabbitMqImage)
            .WithUsername(RabbitMqUser)
            .WithPassword(RabbitMqPassword)
            .WithCreateParameterModifier(LoopbackPorts.Apply)
            .Build();
        Track(rabbitMq);
        await rabbitMq.StartAsync(cancellation);
        var port = rabbitMq.GetMappedPublicPort(RabbitMqBuilder.RabbitMqPort);
        lock (_variables)
        {
            _variables["UET_RABBITMQ"] = RabbitMqUri(port);
            _variables[RabbitMqContainerVariable] = rabbitMq.Id;
        }
    }

    /// <summary>The form test.sh's local server is named in, with the image's password.</summary>
    public static string PostgresConnectionString(int port) =>
        $"Host={LoopbackPorts.Address};Port={port};Username={PostgreSqlBuilder.DefaultUsername};Password={PostgreSqlBuilder.DefaultPassword};Database={PostgreSqlBuilder.DefaultDatabase};Pooling=true";

    public static string RabbitMqUri(int port) => $"amqp://{RabbitMqUser}:{RabbitMqPassword}@{LoopbackPorts.Address}:{port}/";

    private void Track(IContainer container)
    {
        lock (_started)
        {
            _started.Add(container);
        }
    }

    /// <summary>Stops and removes every container this instance created.</summary>
    public async ValueTask DisposeAsync()
    {
        IContainer[] containers;
        lock (_started)
        {
            containers = [.. _started];
            _started.Clear();
        }

        foreach (var container in containers)
        {
            await container.DisposeAsync();
        }
    }
}
