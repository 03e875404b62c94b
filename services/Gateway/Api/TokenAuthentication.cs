using System.Security.Cryptography;
using System.Text;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Uet.Gateway.Api;

/// <summary>
/// With UET_GATEWAY_TOKEN set, /api/* answers only requests that carry it: <c>Authorization: Bearer &lt;token&gt;</c>,
/// or <c>?access_token=&lt;token&gt;</c> for clients that cannot set headers (a browser's EventSource). The dashboard
/// page and the health endpoints stay open: they start nothing and show nothing but what /api returns.
/// </summary>
public static class TokenAuthentication
{
    public static IApplicationBuilder UseGatewayToken(this IApplicationBuilder app, string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return app;
        }

        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        return app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal) || Matches(Presented(context.Request), expected))
            {
                await next(context);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await context.Response.WriteAsJsonAsync(
                new ApiError("This gateway needs its token: send the header 'Authorization: Bearer <token>' (the value of UET_GATEWAY_TOKEN), or ?access_token=<token> on the event stream."),
                GatewayJson.Options);
        });
    }

    private static string? Presented(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }
        return request.Query["access_token"].FirstOrDefault();
    }

    // Hashes of equal length compared in constant time: the token's length and content do not leak through timing.
    private static bool Matches(string? presented, byte[] expected) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), expected);
}
