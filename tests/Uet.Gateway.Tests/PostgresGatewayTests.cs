using Uet.EndToEnd.Tests;

using static Uet.Gateway.Tests.RunScenarios;

namespace Uet.Gateway.Tests;

/// <summary>The same scenarios with every store on a real PostgreSQL (UET_POSTGRES; scripts/test.sh provides one), a database of its own.</summary>
public sealed class PostgresGatewayTests : IAsyncLifetime
{
    private TestGateway? _gateway;
    private TempRepository? _repo;

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("UET_POSTGRES") is { Length: > 0 } postgres)
        {
            _repo = await TempRepository.CreateAsync();
            _gateway = await TestGateway.StartAsync(postgres);
        }
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
        if (_repo is not null)
        {
            await _repo.DisposeAsync();
        }
    }

    [PostgresFact]
    public Task A_dry_run_is_followed_over_SSE_to_RunCompleted_on_PostgreSQL() =>
        DryRunFollowedToCompletionAsync(_gateway!, _repo!.Path, "gw-pg-dry");

    [PostgresFact]
    public Task A_run_is_cancelled_on_PostgreSQL() =>
        CancelledWhileRunningAsync(_gateway!, _repo!.Path, "gw-pg-cancel");
}

/// <summary>A test that needs a PostgreSQL server (UET_POSTGRES).</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("UET_POSTGRES")))
        {
            Skip = "needs UET_POSTGRES (a PostgreSQL connection string; scripts/test.sh starts one)";
        }
    }
}
