using DotNet.Testcontainers.Configurations;

namespace Uet.TestInfrastructure;

/// <summary>Whether Testcontainers found a Docker engine that answered its ping (DOCKER_HOST, the usual sockets, …).</summary>
public static class DockerEngine
{
    public static bool Answers => TestcontainersSettings.OS.DockerEndpointAuthConfig is not null;

    public const string Missing =
        "no Docker engine answers (Testcontainers tried DOCKER_HOST, ~/.testcontainers.properties and the usual sockets). " +
        "Start Docker, or let scripts/test.sh use local servers (UET_TEST_INFRA_SOURCE=local), or name running ones in UET_POSTGRES and UET_RABBITMQ.";
}
