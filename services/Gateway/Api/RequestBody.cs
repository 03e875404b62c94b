using System.Text.Json;

using Microsoft.AspNetCore.Http;

namespace Uet.Gateway.Api;

/// <summary>Reads a JSON body ourselves, so that a mistake in it gets a message that says what to send.</summary>
internal static class RequestBody
{
    /// <summary>The body as <typeparamref name="T"/>; null for an empty body (every field optional).</summary>
    public static async Task<T?> ReadOptionalAsync<T>(HttpRequest request)
        where T : class
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(text, GatewayJson.Options);
        }
        catch (JsonException e)
        {
            var where = e.Path is { Length: > 1 } path ? $" at {path}" : "";
            throw ApiProblem.BadRequest($"The request body could not be read{where}: {FirstSentence(e.Message)} Send a JSON object as shown in docs/api.md.");
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return cut < 0 ? message.TrimEnd('.') + "." : message[..(cut + 1)];
    }
}
