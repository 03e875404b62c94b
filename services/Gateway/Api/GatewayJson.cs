using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Uet.Gateway.Api;

/// <summary>The API's JSON: camelCase, enums by name, nulls kept (a client sees every field of a shape).</summary>
public static class GatewayJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        // Served as application/json only (the dashboard inserts text with textContent): keep quotes and '+' readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
