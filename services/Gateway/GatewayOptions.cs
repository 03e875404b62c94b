using Uet.Hosting;

namespace Uet.Gateway;

/// <summary>The gateway's own settings (docs/deployment.md); everything else comes from <see cref="ServiceSettings"/>.</summary>
public sealed record GatewayOptions
{
    public const string UrlVariable = "UET_GATEWAY_URL";
    public const string TokenVariable = "UET_GATEWAY_TOKEN";
    public const string PlanRootVariable = "UET_GATEWAY_PLAN_ROOT";

    /// <summary>Loopback only unless told otherwise: the API starts runs that execute commands.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5100";

    /// <summary>Where the API, the dashboard and the health endpoints are served (one or more URLs, ';'-separated).</summary>
    public IReadOnlyList<string> Urls { get; init; } = [DefaultUrl];

    /// <summary>When set, every /api request must carry <c>Authorization: Bearer &lt;token&gt;</c> (or <c>?access_token=</c> for the stream).</summary>
    public string? Token { get; init; }

    /// <summary>When set, a <c>planPath</c> in a submission is resolved inside this folder and may not leave it.</summary>
    public string? PlanRoot { get; init; }

    /// <summary>How often a live stream looks for new events in the event store.</summary>
    public TimeSpan StreamPollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a submission waits for the Scheduler to take the run before it answers 202 anyway.</summary>
    public TimeSpan SubmitWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a stream keeps reading after the run's end event before it closes: events published just before the
    /// end (by other services, or the same saga batch) can reach the event store just after it.
    /// </summary>
    public TimeSpan StreamEndSettle { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>An SSE comment this often keeps proxies from closing a quiet stream.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Worker replicas announce every 15 s; one silent for longer than this is taken as gone (as <c>uet workers</c>).</summary>
    public TimeSpan WorkerSilence { get; init; } = TimeSpan.FromSeconds(45);

    /// <summary>
    /// UET_GATEWAY_URL, else UET_HEALTH_URL (what cluster.sh, compose and Kubernetes set), else <see cref="DefaultUrl"/>.
    /// A malformed value is a <see cref="ServiceConfigurationException"/>.
    /// </summary>
    public static GatewayOptions From(ServiceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var raw = settings.GetString(UrlVariable) ?? settings.HealthUrl ?? DefaultUrl;
        var urls = raw.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var url in urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new ServiceConfigurationException(UrlVariable, raw, "an http URL to listen on, such as http://127.0.0.1:5100 (http://0.0.0.0:8080 in a container)");
            }
        }

        var planRoot = settings.GetString(PlanRootVariable);
        if (planRoot is not null && !Directory.Exists(planRoot))
        {
            throw new ServiceConfigurationException(PlanRootVariable, planRoot, "an existing folder that holds the plans the API may read");
        }

        return new GatewayOptions
        {
            Urls = urls.Length == 0 ? [DefaultUrl] : urls,
            Token = settings.GetString(TokenVariable),
            PlanRoot = planRoot is null ? null : Path.GetFullPath(planRoot),
        };
    }
}
