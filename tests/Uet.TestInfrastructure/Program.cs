using Uet.TestInfrastructure;

// scripts/test.sh's container path: start PostgreSQL and/or RabbitMQ with Testcontainers, write the env file that names
// them, stay until told to stop, then remove them. Exit codes: 0 stopped as asked, 2 bad arguments, 3 no Docker
// engine answers, 4 a container did not start.
var options = InfraOptions.Parse(args, out var error);
if (options is null)
{
    Console.Error.WriteLine($"[infra] {error}\n{InfraOptions.Usage}");
    return 2;
}

if (!DockerEngine.Answers)
{
    Console.Error.WriteLine($"[infra] {DockerEngine.Missing}");
    return 3;
}

using var shutdown = new ShutdownSignal(Console.OpenStandardInput());
InfraContainers containers;
try
{
    containers = await InfraContainers.StartAsync(options, shutdown.Token);
}
catch (OperationCanceledException) when (shutdown.Token.IsCancellationRequested)
{
    Console.Error.WriteLine($"[infra] stopped while starting ({shutdown.Reason}); the containers are removed");
    return 0;
}
catch (Exception e)
{
    // Image pulls, the engine's API and the readiness waits fail in many ways; the user needs the message, not the trace.
    Console.Error.WriteLine($"[infra] a container did not start: {e.GetType().Name}: {e.Message}");
    return 4;
}

try
{
    EnvFile.Write(options.EnvFile, containers.Variables);
    Console.Error.WriteLine($"[infra] ready: {string.Join(", ", containers.Variables.Keys)} in {options.EnvFile}");
    await shutdown.Requested;
    Console.Error.WriteLine($"[infra] {shutdown.Reason}: removing the containers");
}
finally
{
    File.Delete(options.EnvFile);
    try
    {
        await containers.DisposeAsync();
    }
    catch (Exception e)
    {
        // The engine went away first, say: Ryuk removes what is left once this process has gone.
        Console.Error.WriteLine($"[infra] the containers could not be removed ({e.GetType().Name}: {e.Message}); Ryuk removes them");
    }
}

return 0;
