using Docker.DotNet.Models;

namespace Uet.TestInfrastructure.Tests;

public sealed class LoopbackPortsTests
{
    [Fact]
    public void Every_published_port_is_bound_to_loopback()
    {
        // What Testcontainers hands the engine for a random host port: no host address, which Docker takes as every interface.
        var parameters = new CreateContainerParameters
        {
            HostConfig = new HostConfig
            {
                PortBindings = new Dictionary<string, IList<PortBinding>>
                {
                    ["5432/tcp"] = [new PortBinding { HostPort = "" }],
                    ["5672/tcp"] = [new PortBinding { HostPort = "" }, new PortBinding { HostIP = "0.0.0.0", HostPort = "15672" }],
                },
            },
        };

        LoopbackPorts.Apply(parameters);

        var bindings = parameters.HostConfig.PortBindings.Values.SelectMany(b => b).ToList();
        Assert.Equal(3, bindings.Count);
        Assert.All(bindings, b => Assert.Equal("127.0.0.1", b.HostIP));
        Assert.Equal("15672", bindings[2].HostPort);
    }

    [Fact]
    public void A_container_without_published_ports_is_left_as_it_is()
    {
        var parameters = new CreateContainerParameters();

        LoopbackPorts.Apply(parameters);

        Assert.Null(parameters.HostConfig);
    }
}
