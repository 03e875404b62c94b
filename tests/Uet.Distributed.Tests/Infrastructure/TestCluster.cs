using System.Net;
using System.Net.Sockets;

using Npgsql;

namespace Uet.Distributed.Tests.Infrastructure;

/// <summary>
/// Planner, Scheduler, Integration, Cost, Metrics and N workers, each its own process, on the broker of UET_RABBITMQ and a fresh
/// PostgreSQL database of its own, with short leases so that chaos shows within seconds.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly Dictionary<string, ServiceProcess> _services = new(StringComparer.Ordinal);
    private string _admin = "";

    private TestCluster(string root, string rabbitMq, string postgres, string database)
    {
        Root = root;
        RabbitMq = rabbitMq;
        Postgres = postgres;
        Database = database;
    }

    public string Root { get; }
    public string RabbitMq { get; }
    public string Postgres { get; }
    public string Database { get; }

    public ServiceProcess this[string name] => _services[name];

    public IEnumerable<ServiceProcess> Services => _services.Values;

    /// <summary>The options that point `uet` at this cluster.</summary>
    public string[] ClientArgs => ["--rabbitmq", RabbitMq, "--postgres", Postgres];

    public static async Task<TestCluster> StartAsync(int workers, int leaseSeconds = 4, int slots = 1, string log = "Information", string? postgresServer = null, string? hub = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "uet-cluster-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        var database = "uet_t_" + Guid.NewGuid().ToString("N")[..10];
        var admin = postgresServer ?? Environment.GetEnvironmentVariable("UET_POSTGRES")!;
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        var postgres = new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString;
        var cluster = new TestCluster(root, Environment.GetEnvironmentVariable("UET_RABBITMQ")!, postgres, database) { _admin = admin };
        var common = new Dictionary<string, string>
        {
            ["UET_RABBITMQ"] = cluster.RabbitMq,
            ["UET_POSTGRES"] = postgres,
            ["UET_LEASE_SECONDS"] = leaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["UET_HEARTBEAT_SECONDS"] = "1",
            ["UET_DRAIN_SECONDS"] = "30",
            ["UET_LOG"] = log,
            ["DOTNET_NOLOGO"] = "1",
        };
        if (hub is not null)
        {
            common["UET_HUB"] = hub;
        }

        cluster.Add("scheduler", "Uet.Scheduler.dll", common);
        cluster.Add("planner", "Uet.Planner.dll", common);
        cluster.Add("integration", "Uet.Integration.dll", common);
        cluster.Add("cost", "Uet.Cost.dll", common);
        cluster.Add("metrics", "Uet.Metrics.dll", common);
        for (var i = 1; i <= workers; i++)
        {
            cluster.Add($"worker-{i}", "Uet.Worker.dll", new Dictionary<string, string>(common) { ["UET_WORKER_ID"] = $"worker-{i}", ["UET_WORKER_SLOTS"] = slots.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }

        try
        {
            // The Scheduler migrates the database; the others need nothing from it, but start after it to share the CPU less.
            await cluster.StartAsync("scheduler");
            await Task.WhenAll(cluster._services.Keys.Where(n => n != "scheduler").Select(cluster.StartAsync));
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    public async Task StartAsync(string name)
    {
        var service = _services[name];
        service.Start();
        await service.WaitReadyAsync(_http, TimeSpan.FromMinutes(2));
    }

    /// <summary>The last lines of every service's log, for a failure message.</summary>
    public string Logs() => string.Join("\n", _services.Values.Select(s => $"---- {s.Name} ({s.LogPath})\n{s.Tail(15)}"));

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_services.Values.Select(s => s.StopAsync(TimeSpan.FromSeconds(20))));
        _http.Dispose();
        try
        {
            await using var connection = new NpgsqlConnection(_admin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Database}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // A database left behind is harmless: every test makes its own.
        }

        try
        {
            if (Environment.GetEnvironmentVariable("UET_TEST_KEEP_CLUSTER") is not { Length: > 0 })
            {
                Directory.Delete(Root, recursive: true);
            }
        }
        catch (IOException)
        {
        }
    }

    private void Add(string name, string dll, IReadOnlyDictionary<string, string> environment)
    {
        var env = new Dictionary<string, string>(environment) { ["UET_DATA_DIR"] = Path.Combine(Root, name) };
        _services[name] = new ServiceProcess(name, Path.Combine(AppContext.BaseDirectory, dll), env, Path.Combine(Root, name + ".log"), $"http://127.0.0.1:{FreePort()}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
