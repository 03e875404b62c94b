using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

using Uet.Hosting;

namespace Uet.Metrics.Store;

/// <summary>How event bodies are written and read back: camelCase and enums by name, so a SQL client or <c>uet events --output json</c> shows readable JSON.</summary>
public static class MetricsJson
{
    // Our contracts' metadata from compile time, as on the bus; anything else by reflection.
    public static readonly JsonSerializerOptions Options = MessageJson.WithContractMetadata(new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        // Bodies are data, never embedded in a page: keep '+', '<', quotes and non-ASCII readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static string Serialize(object message) => JsonSerializer.Serialize(message, message.GetType(), Options);

    public static object Deserialize(string json, Type type) =>
        JsonSerializer.Deserialize(json, type, Options) ?? throw new JsonException($"Stored {type.Name} body is null.");
}
