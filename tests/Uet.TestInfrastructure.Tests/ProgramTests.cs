using System.Net.Sockets;
using System.Text;

using CliWrap;
using CliWrap.Buffered;

namespace Uet.TestInfrastructure.Tests;

public sealed class ProgramTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(10);
    private readonly string _dir = Directory.CreateTempSubdirectory("uet-infra-").FullName;

    private string EnvFilePath => Path.Combine(_dir, "infra.env");

    [Fact]
    public async Task Bad_arguments_exit_2_with_the_usage()
    {
        var result = await InfraProcess.Command("--postgres").ExecuteBufferedAsync(Encoding.UTF8);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--env-file is required", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("usage: Uet.TestInfrastructure --env-file PATH", result.StandardError, StringComparison.Ordinal);
    }

    [NoDockerFact]
    public async Task Without_a_Docker_engine_it_exits_3_saying_so_and_what_to_do_instead()
    {
        var result = await InfraProcess.Command("--env-file", EnvFilePath, "--postgres", "--rabbitmq").ExecuteBufferedAsync(Encoding.UTF8);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("no Docker engine answers", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("UET_TEST_INFRA_SOURCE=local", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(EnvFilePath));
    }

    [DockerFact]
    public async Task With_a_Docker_engine_both_servers_answer_on_loopback_until_standard_input_closes()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new StringBuilder();
        using var timeout = new CancellationTokenSource(Deadline);
        var program = InfraProcess.Command("--env-file", EnvFilePath, "--postgres", "--rabbitmq")
            .WithStandardInputPipe(PipeSource.Create(async (_, _) => await release.Task))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(log))
            .ExecuteAsync(timeout.Token);
        try
        {
            await PollAsync(() => File.Exists(EnvFilePath) || program.Task.IsCompleted, "the env file");
            Assert.True(File.Exists(EnvFilePath), log.ToString());

            var postgres = await SourceAsync("UET_POSTGRES");
            var rabbitMq = await SourceAsync("UET_RABBITMQ");
            var container = await SourceAsync(InfraContainers.RabbitMqContainerVariable);
            Assert.StartsWith("Host=127.0.0.1;Port=", postgres, StringComparison.Ordinal);
            Assert.StartsWith("amqp://uet:uet@127.0.0.1:", rabbitMq, StringComparison.Ordinal);
            await AssertPostgresAnswersAsync(int.Parse(postgres.Split(';')[1]["Port=".Length..]));
            await AssertAmqpAnswersAsync(new Uri(rabbitMq).Port);
            var published = await Cli.Wrap("docker").WithArguments(["port", container, "5672/tcp"]).ExecuteBufferedAsync();
            Assert.All(published.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries), p => Assert.StartsWith("127.0.0.1:", p, StringComparison.Ordinal));
        }
        finally
        {
            release.TrySetResult();
        }

        var result = await program;
        Assert.True(result.ExitCode == 0, log.ToString());
        Assert.False(File.Exists(EnvFilePath));
        Assert.Contains("standard input closed: removing the containers", log.ToString(), StringComparison.Ordinal);
    }

    private async Task<string> SourceAsync(string name)
    {
        var result = await Cli.Wrap("bash").WithArguments(["-c", $". \"$1\" && printf '%s' \"${name}\"", "bash", EnvFilePath])
            .ExecuteBufferedAsync(Encoding.UTF8);
        return result.StandardOutput;
    }

    // A real server's first answer: PostgreSQL replies 'S' or 'N' to an SSLRequest; RabbitMQ to the AMQP 0-9-1
    // header with a method frame (type 1, Connection.Start). A published port alone would accept and then close.
    private static async Task AssertPostgresAnswersAsync(int port) =>
        Assert.Contains((char)(await FirstByteAsync(port, [0, 0, 0, 8, 0x04, 0xD2, 0x16, 0x2F])), "SN");

    private static async Task AssertAmqpAnswersAsync(int port) =>
        Assert.Equal(1, await FirstByteAsync(port, "AMQP\0\0\u0009\u0001"u8.ToArray()));

    private static async Task<int> FirstByteAsync(int port, byte[] hello)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(hello, timeout.Token);
        var buffer = new byte[1];
        return await stream.ReadAsync(buffer, timeout.Token) == 1 ? buffer[0] : -1;
    }

    private static async Task PollAsync(Func<bool> condition, string what)
    {
        var until = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"timed out after {Deadline} waiting for {what}");
            }

            await Task.Delay(200);
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
