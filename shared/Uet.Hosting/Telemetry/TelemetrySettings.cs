using OpenTelemetry.Exporter;

namespace Uet.Hosting.Telemetry;

/// <summary>
/// Where a process sends its traces, metrics and logs, from the environment: the standard OpenTelemetry variables
/// for the OTLP exporter, and <c>UET_OTEL_CONSOLE=1</c> for the console exporter. See docs/telemetry.md.
/// </summary>
public sealed record TelemetrySettings
{
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string OtlpProtocolVariable = "OTEL_EXPORTER_OTLP_PROTOCOL";
    public const string ConsoleVariable = "UET_OTEL_CONSOLE";

    /// <summary>The collector's base URL; null: no OTLP exporter.</summary>
    public Uri? OtlpEndpoint { get; init; }

    public OtlpExportProtocol OtlpProtocol { get; init; } = OtlpExportProtocol.Grpc;

    /// <summary>Spans, metrics and log records printed on stdout.</summary>
    public bool Console { get; init; }

    /// <summary>An exporter was asked for: a process that only exports on request (the CLI) sets telemetry up.</summary>
    public bool IsRequested => OtlpEndpoint is not null || Console;

    public static TelemetrySettings FromEnvironment() =>
        From(Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal));

    /// <summary>Reads the settings; a malformed value is a <see cref="ServiceConfigurationException"/> naming the variable and the fix.</summary>
    public static TelemetrySettings From(IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        string? Get(string name) => variables.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

        Uri? endpoint = null;
        if (Get(OtlpEndpointVariable) is { } raw
            && (!Uri.TryCreate(raw, UriKind.Absolute, out endpoint) || endpoint.Scheme is not ("http" or "https")))
        {
            throw new ServiceConfigurationException(OtlpEndpointVariable, raw, "the collector's URL, such as http://127.0.0.1:4317 (gRPC) or http://127.0.0.1:4318 (with OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf)");
        }

        var protocol = Get(OtlpProtocolVariable) switch
        {
            null or "grpc" => OtlpExportProtocol.Grpc,
            "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            var other => throw new ServiceConfigurationException(OtlpProtocolVariable, other, "grpc or http/protobuf"),
        };

        var console = Get(ConsoleVariable) switch
        {
            null or "0" or "false" => false,
            "1" or "true" => true,
            var other => throw new ServiceConfigurationException(ConsoleVariable, other, "1 (print spans, metrics and logs on stdout) or 0"),
        };

        return new TelemetrySettings { OtlpEndpoint = endpoint, OtlpProtocol = protocol, Console = console };
    }
}
