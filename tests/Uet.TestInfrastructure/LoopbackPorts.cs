using Docker.DotNet.Models;

namespace Uet.TestInfrastructure;

/// <summary>
/// Testcontainers publishes a container's ports with no host address, which Docker takes as every interface; the
/// tests' broker and database must be reachable from this machine only (as test.sh's local ones are).
/// </summary>
public static class LoopbackPorts
{
    public const string Address = "127.0.0.1";

    public static void Apply(CreateContainerParameters parameters)
    {
        foreach (var bindings in parameters.HostConfig?.PortBindings?.Values ?? [])
        {
            foreach (var binding in bindings)
            {
                binding.HostIP = Address;
            }
        }
    }
}
