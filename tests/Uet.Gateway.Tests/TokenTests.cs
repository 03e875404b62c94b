using System.Net;
using System.Net.Http.Headers;

namespace Uet.Gateway.Tests;

/// <summary>UET_GATEWAY_TOKEN: the API answers only requests that carry it; the dashboard and health stay open.</summary>
public sealed class TokenTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync(token: "s3cret-token");

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task The_api_needs_the_token_as_a_bearer_header_or_an_access_token_parameter()
    {
        var http = _gateway.Http;
        var refused = await RunScenarios.JsonAsync(await http.GetAsync("/api/runs"), HttpStatusCode.Unauthorized);
        Assert.Contains("Authorization: Bearer <token>", refused.GetProperty("error").GetString());

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/runs") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "s3cret-tokem") } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrong)).StatusCode);

        using var right = new HttpRequestMessage(HttpMethod.Get, "/api/runs") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "s3cret-token") } };
        Assert.Equal(0, (await RunScenarios.JsonAsync(await http.SendAsync(right), HttpStatusCode.OK)).GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/workers?access_token=s3cret-token")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
    }
}
