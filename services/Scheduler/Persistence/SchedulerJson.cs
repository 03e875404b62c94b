using System.Text.Json;
using System.Text.Json.Serialization;

namespace Uet.Scheduler.Persistence;

/// <summary>How the saga's JSON columns are written: enums by name, so a SQL client shows readable rows.</summary>
internal static class SchedulerJson
{
    /// <summary>Round-trips contract records exactly (nulls included: some properties default to non-null).</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Serialize<T>(T value, JsonSerializerOptions? options = null) => JsonSerializer.Serialize(value, options ?? Options);

    public static T Deserialize<T>(string json, JsonSerializerOptions? options = null) =>
        JsonSerializer.Deserialize<T>(json, options ?? Options) ?? throw new JsonException($"Stored JSON for {typeof(T).Name} is null.");
}
