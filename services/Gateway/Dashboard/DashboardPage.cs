using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Uet.Gateway.Dashboard;

/// <summary>
/// GET /: one self-contained page (inline CSS and script, nothing fetched from elsewhere) that lists the runs and shows
/// one run's workstreams live from the SSE stream. It uses only the public API, so what it shows a script can get too.
/// </summary>
internal static class DashboardPage
{
    private static readonly Lazy<string> Html = new(() =>
    {
        using var stream = typeof(DashboardPage).Assembly.GetManifestResourceStream("Uet.Gateway.dashboard.html")
            ?? throw new InvalidOperationException("The dashboard page is missing from Uet.Gateway.dll (EmbeddedResource Dashboard/dashboard.html).");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext context) =>
        {
            // The page's script is inline; nothing else may run or be loaded.
            context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; frame-ancestors 'none'";
            return Results.Content(Html.Value, "text/html; charset=utf-8");
        });
    }
}
