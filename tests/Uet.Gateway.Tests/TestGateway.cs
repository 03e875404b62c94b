using Microsoft.AspNetCore.Builder;

using Npgsql;

using Uet.Gateway.Hosting;
using Uet.Hosting;

namespace Uet.Gateway.Tests;

/// <summary>
/// The gateway process as Program.cs builds it, in this test process: all-in-one (no UET_RABBITMQ), on SQLite files in a
/// temp folder or on a fresh PostgreSQL database of its own, listening on a free loopback port.
/// </summary>
public sealed class TestGateway : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string? _adminConnection;
    private readonly string? _database;

    private TestGateway(WebApplication app, string root, string? adminConnection, string? database)
    {
        _app = app;
        Root = root;
        _adminConnection = adminConnection;
        _database = database;
        BaseAddress = new Uri(app.Urls.First(u => u.StartsWith("http://", StringComparison.Ordinal)));
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(3) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public string Root { get; }

    public static async Task<TestGateway> StartAsync(string? postgresServer = null, string? token = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "uet-gateway-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(root);
        var variables = new Dictionary<string, string>
        {
            ["UET_DATA_DIR"] = Path.Combine(root, "data"),
            ["UET_GATEWAY_URL"] = "http://127.0.0.1:0",
            ["UET_LOG"] = "Warning",
        };
        string? database = null;
        if (postgresServer is not null)
        {
            database = "uet_gw_" + Guid.NewGuid().ToString("N")[..10];
            await using var connection = new NpgsqlConnection(postgresServer);
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            await create.ExecuteNonQueryAsync();
            variables["UET_POSTGRES"] = new NpgsqlConnectionStringBuilder(postgresServer) { Database = database }.ConnectionString;
        }
        if (token is not null)
        {
            variables["UET_GATEWAY_TOKEN"] = token;
        }

        var settings = ServiceSettings.FromEnvironment("gateway", variables);
        // A stream closes once its run ended and nothing came for StreamEndSettle: three seconds, not one, so an event the
        // run published just before its end and stored late on a loaded machine still makes it into the stream.
        var options = GatewayOptions.From(settings) with { StreamPollInterval = TimeSpan.FromMilliseconds(100), StreamEndSettle = TimeSpan.FromSeconds(3) };
        var app = GatewayHost.Build(settings, [], options);
        await GatewayHost.PrepareAsync(app);
        await app.StartAsync();
        return new TestGateway(app, root, postgresServer, database);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_adminConnection is not null && _database is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_adminConnection);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A worktree file still held open is harmless in a temp folder.
        }
    }
}
