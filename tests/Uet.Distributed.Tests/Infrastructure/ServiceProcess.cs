using System.Diagnostics;

namespace Uet.Distributed.Tests.Infrastructure;

/// <summary>One service of the cluster as a real process (<c>dotnet Uet.X.dll</c>), its output in a log file.</summary>
public sealed class ServiceProcess
{
    private readonly string _dll;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private Process? _process;

    public ServiceProcess(string name, string dll, IReadOnlyDictionary<string, string> environment, string logPath, string healthUrl)
    {
        Name = name;
        _dll = dll;
        _environment = environment;
        LogPath = logPath;
        HealthUrl = healthUrl;
    }

    public string Name { get; }
    public string LogPath { get; }
    public string HealthUrl { get; }
    public bool IsRunning => _process is { HasExited: false };
    public int? ProcessId => _process?.Id;

    public void Start()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(_dll);
        foreach (var (key, value) in _environment)
        {
            info.Environment[key] = value;
        }

        info.Environment["UET_HEALTH_URL"] = HealthUrl;
        var log = new StreamWriter(LogPath, append: true) { AutoFlush = true };
        log.WriteLine($"==== start {Name} {DateTime.UtcNow:O}");
        _process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + Name);
        _process.OutputDataReceived += (_, e) => Write(log, e.Data);
        _process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>kill -9: no drain, no clean-up, nothing acknowledged.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: false);
            p.WaitForExit();
        }
    }

    /// <summary>SIGTERM, then SIGKILL if it does not stop in time.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process is not { HasExited: false } p)
        {
            return;
        }

        using (var term = Process.Start("kill", ["-TERM", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await term!.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await p.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    public async Task WaitReadyAsync(HttpClient http, TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            if (_process is { HasExited: true } p)
            {
                throw new InvalidOperationException($"{Name} exited with code {p.ExitCode} while starting; see {LogPath}:\n{Tail()}");
            }

            try
            {
                using var response = await http.GetAsync(HealthUrl + "/health/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"{Name} was not ready within {deadline}; see {LogPath}:\n{Tail()}");
            }

            await Task.Delay(200);
        }
    }

    public string Tail(int lines = 30) =>
        File.Exists(LogPath) ? string.Join('\n', File.ReadLines(LogPath).TakeLast(lines)) : "(no log)";

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }
}
