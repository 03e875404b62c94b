using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;

using Microsoft.Extensions.Logging;

namespace Uet.Hosting.Telemetry;

/// <summary>
/// A logging scope naming the run, and the workstream and attempt when there is one: the console logger prints it
/// before each line, the OpenTelemetry exporter sends its fields as attributes (RunId, RunName, WorkstreamId, Attempt).
/// </summary>
public sealed class RunLogScope : IReadOnlyList<KeyValuePair<string, object?>>
{
    private static readonly ConcurrentDictionary<Type, (PropertyInfo? Workstream, PropertyInfo? Attempt)> MessageFields = new();
    private readonly List<KeyValuePair<string, object?>> _fields;
    private readonly string _text;

    private RunLogScope(Guid runId, string? runName, string? workstreamId, int? attempt)
    {
        _fields = [new("RunId", runId)];
        var text = new List<string>(3) { "run " + (string.IsNullOrEmpty(runName) ? runId.ToString("D") : runName) };
        if (!string.IsNullOrEmpty(runName))
        {
            _fields.Add(new("RunName", runName));
        }

        if (!string.IsNullOrEmpty(workstreamId))
        {
            _fields.Add(new("WorkstreamId", workstreamId));
            text.Add(workstreamId);
        }

        if (attempt is { } n)
        {
            _fields.Add(new("Attempt", n));
            text.Add("attempt " + n.ToString(CultureInfo.InvariantCulture));
        }

        _text = string.Join(' ', text);
    }

    public int Count => _fields.Count;

    public KeyValuePair<string, object?> this[int index] => _fields[index];

    public static RunLogScope For(Guid runId, string? runName = null, string? workstreamId = null, int? attempt = null) =>
        new(runId, runName, workstreamId, attempt);

    /// <summary>
    /// The scope of a run's message: the workstream and attempt come from the message's <c>WorkstreamId</c> and
    /// <c>Attempt</c> properties, which every workstream message carries (contracts add fields, never rename them).
    /// </summary>
    public static RunLogScope ForMessage(Guid runId, string? runName, object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var (workstream, attempt) = MessageFields.GetOrAdd(message.GetType(), static type => (
            type.GetProperty("WorkstreamId") is { } w && w.PropertyType == typeof(string) ? w : null,
            type.GetProperty("Attempt") is { } a && a.PropertyType == typeof(int) ? a : null));
        return new RunLogScope(runId, runName, workstream?.GetValue(message) as string, attempt?.GetValue(message) as int?);
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => _text;
}

public static class RunLogScopeExtensions
{
    /// <summary>Every log line written until the returned scope is disposed (also on tasks started inside it) names the run.</summary>
    public static IDisposable? BeginRunScope(this ILogger logger, Guid runId, string? runName = null, string? workstreamId = null, int? attempt = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        return logger.BeginScope(RunLogScope.For(runId, runName, workstreamId, attempt));
    }
}
