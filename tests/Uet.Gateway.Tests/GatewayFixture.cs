using Uet.EndToEnd.Tests;

namespace Uet.Gateway.Tests;

/// <summary>One all-in-one gateway on SQLite and one git repository, shared by the tests of a class (each uses its own run names).</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public TestGateway Gateway { get; private set; } = null!;

    public TempRepository Repo { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Repo = await TempRepository.CreateAsync();
        Gateway = await TestGateway.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Repo.DisposeAsync();
    }
}
