using System.Collections;
using System.Diagnostics;

using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;

namespace Uet.Telemetry.Tests;

/// <summary>A collection exporters may add to from any thread while a test reads it.</summary>
internal sealed class Recorded<T> : ICollection<T>
{
    private readonly List<T> _items = [];
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _items.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public void Add(T item)
    {
        lock (_lock)
        {
            _items.Add(item);
        }
    }

    public List<T> Snapshot()
    {
        lock (_lock)
        {
            return [.. _items];
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _items.Clear();
        }
    }

    public bool Contains(T item) => Snapshot().Contains(item);

    public void CopyTo(T[] array, int arrayIndex) => Snapshot().CopyTo(array, arrayIndex);

    public bool Remove(T item)
    {
        lock (_lock)
        {
            return _items.Remove(item);
        }
    }

    public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>A log line as the OpenTelemetry logger saw it: category, message and the fields of its scopes.</summary>
internal sealed record RecordedLog(string Category, string Message, IReadOnlyDictionary<string, object?> Scope);

/// <summary>Keeps what the tests look at from each log record (records are pooled: they cannot be kept themselves).</summary>
internal sealed class LogRecorder(Recorded<RecordedLog> logs) : BaseProcessor<LogRecord>
{
    public override void OnEnd(LogRecord data)
    {
        var scope = new Dictionary<string, object?>(StringComparer.Ordinal);
        data.ForEachScope(
            static (s, fields) =>
            {
                foreach (var (key, value) in s)
                {
                    fields[key] = value;
                }
            },
            scope);
        logs.Add(new RecordedLog(data.CategoryName ?? "", data.FormattedMessage ?? data.Body ?? "", scope));
    }
}

/// <summary>Reads the last exported values of the Uet meter's instruments.</summary>
internal static class MetricReading
{
    /// <summary>Sum of a counter's points (or a histogram's counts) whose tags include every one of <paramref name="tags"/>.</summary>
    public static double Total(IEnumerable<MetricSnapshot> snapshots, string name, params (string Key, object Value)[] tags)
    {
        var last = snapshots.LastOrDefault(s => s.Name == name);
        if (last is null)
        {
            return 0;
        }

        double total = 0;
        foreach (var point in last.MetricPoints)
        {
            var pointTags = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var tag in point.Tags)
            {
                pointTags[tag.Key] = tag.Value;
            }

            if (!tags.All(t => pointTags.TryGetValue(t.Key, out var v) && Equals(v, t.Value)))
            {
                continue;
            }

            total += last.MetricType switch
            {
                MetricType.LongSum => point.GetSumLong(),
                MetricType.DoubleSum => point.GetSumDouble(),
                MetricType.Histogram => point.GetHistogramCount(),
                _ => throw new InvalidOperationException($"{name} is a {last.MetricType}, not a counter or histogram."),
            };
        }

        return total;
    }
}

internal static class ActivityExtensions
{
    public static string? Tag(this Activity activity, string key) => activity.GetTagItem(key)?.ToString();
}
