using System.Net;
using System.Net.Sockets;

using CliWrap;
using CliWrap.Buffered;

namespace Uet.Distributed.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server of the test's own (initdb in a temporary directory, loopback, trust), so it can be stopped and
/// started mid-run without touching the server the other test projects use.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _data;

    private PrivatePostgres(string bin, string data, int port)
    {
        _bin = bin;
        _data = data;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=true";

    /// <summary>The newest installed server's bin directory, or null.</summary>
    public static string? FindBin() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderBy(d => d, StringComparer.Ordinal).LastOrDefault()
            : null;

    public static async Task<PrivatePostgres> StartAsync()
    {
        var bin = FindBin() ?? throw new InvalidOperationException("no PostgreSQL server binaries under /usr/lib/postgresql");
        var data = Path.Combine(Path.GetTempPath(), "uet-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(data);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var server = new PrivatePostgres(bin, data, port);
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", "postgres", data);
        }

        await server.AsPostgresAsync("initdb", "-D", Path.Combine(data, "db"), "-A", "trust", "-U", "postgres");
        await server.StartServerAsync();
        return server;
    }

    public Task StartServerAsync() =>
        AsPostgresAsync("pg_ctl", "-D", Path.Combine(_data, "db"), "-l", Path.Combine(_data, "server.log"), "-w",
            "-o", $"-c listen_addresses=127.0.0.1 -c port={Port} -c unix_socket_directories={_data} -c fsync=off", "start");

    public Task StopServerAsync() => AsPostgresAsync("pg_ctl", "-D", Path.Combine(_data, "db"), "-m", "fast", "-w", "stop");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopServerAsync();
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private Task AsPostgresAsync(string tool, params string[] args) =>
        Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args])
            : RunAsync(Path.Combine(_bin, tool), args);

    private static async Task RunAsync(string program, params string[] args)
    {
        var result = await CliWrap.Cli.Wrap(program).WithArguments(args).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({result.ExitCode}): {result.StandardError}");
        }
    }
}
