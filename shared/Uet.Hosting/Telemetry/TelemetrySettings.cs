using System.Globalization;

using OpenTelemetry.Exporter;

namespace Uet.Hosting.Telemetry;

/// <summary>
/// Where a process sends its traces, metrics and logs, from the environment: the standard OpenTelemetry variables
/// for the OTLP exporter, <c>UET_OTEL_CONSOLE=1</c> for the console exporter, and <c>UET_OTEL_CARDINALITY_LIMIT</c>.
/// See docs/telemetry.md.
/// </summary>
public sealed record TelemetrySettings
{
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string OtlpProtocolVariable = "OTEL_EXPORTER_OTLP_PROTOCOL";
    public const string ConsoleVariable = "UET_OTEL_CONSOLE";
    public const string CardinalityLimitVariable = "UET_OTEL_CARDINALITY_LIMIT";

    /// <summary>
    /// The SDK's default is 2,000 series per metric, and it allocates room for all of them when an instrument is
    /// first used: about 10 MB at a service's start for the instruments of MassTransit, ASP.NET Core, Npgsql and
    /// the runtime. Our series per metric are tens (message types × endpoints); 256 leaves room and costs a tenth.
    /// </summary>
    public const int DefaultCardinalityLimit = 256;

    /// <summary>The collector's base URL; null: no OTLP exporter.</summary>
    public Uri? OtlpEndpoint { get; init; }

    public OtlpExportProtocol OtlpProtocol { get; init; } = OtlpExportProtocol.Grpc;

    /// <summary>Spans, metrics and log records printed on stdout.</summary>
    public bool Console { get; init; }

    /// <summary>Most series (tag combinations) kept per metric; measurements beyond it are counted under <c>otel.metric.overflow</c>.</summary>
    public int CardinalityLimit { get; init; } = DefaultCardinalityLimit;

    /// <summary>An exporter was asked for: a process that only exports on request (the CLI) sets telemetry up.</summary>
    public bool IsRequested => OtlpEndpoint is not null || Console;

    /// <summary>
    /// Spans are made even with no exporter asked for: for a host that adds an exporter of its own (a test's
    /// in-memory one). Otherwise a service makes spans only when they go somewhere (<see cref="IsRequested"/>).
    /// </summary>
    public bool AlwaysTrace { get; init; }

    /// <summary>Whether spans are made at all: each costs an allocation and tags on every message and database command.</summary>
    public bool Traces => IsRequested || AlwaysTrace;

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

        var cardinalityLimit = DefaultCardinalityLimit;
        if (Get(CardinalityLimitVariable) is { } limit
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out cardinalityLimit) || cardinalityLimit < 1))
        {
            throw new ServiceConfigurationException(CardinalityLimitVariable, limit, $"a positive whole number of series per metric (default {DefaultCardinalityLimit})");
        }

        return new TelemetrySettings { OtlpEndpoint = endpoint, OtlpProtocol = protocol, Console = console, CardinalityLimit = cardinalityLimit };
    }
}
