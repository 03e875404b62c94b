using System.Text;

using CliWrap;
using CliWrap.Buffered;

namespace Uet.TestInfrastructure.Tests;

/// <summary>
/// scripts/test.sh's choice of infrastructure, asked with <c>--infra-source</c> (which starts nothing). A `docker`
/// first on PATH stands in for the engine: `docker info` exiting 0 is the script's whole test for one.
/// </summary>
public sealed class TestScriptChoiceTests : IDisposable
{
    private readonly string _bin = Directory.CreateTempSubdirectory("uet-fake-docker-").FullName;

    internal static string Script { get; } = Path.Combine(FindRepository(), "scripts", "test.sh");

    [Fact]
    public async Task Both_variables_set_are_used_as_they_are_even_where_Docker_answers()
    {
        var result = await ChooseAsync(dockerAnswers: true, postgres: "Host=db", rabbitMq: "amqp://mq/");

        Assert.Equal("postgres=environment rabbitmq=environment\n", result.StandardOutput);
    }

    [Fact]
    public async Task Without_them_a_Docker_engine_that_answers_means_containers()
    {
        var result = await ChooseAsync(dockerAnswers: true);

        Assert.Equal("postgres=containers rabbitmq=containers\n", result.StandardOutput);
    }

    [Fact]
    public async Task Without_them_and_without_an_answering_engine_the_servers_are_local()
    {
        var result = await ChooseAsync(dockerAnswers: false);

        Assert.Equal("postgres=local rabbitmq=local\n", result.StandardOutput);
    }

    [Fact]
    public async Task Only_the_server_left_unset_is_provided()
    {
        var result = await ChooseAsync(dockerAnswers: true, rabbitMq: "amqp://mq/");

        Assert.Equal("postgres=containers rabbitmq=environment\n", result.StandardOutput);
    }

    [Theory]
    [InlineData("local", true, "postgres=local rabbitmq=local\n")]
    [InlineData("containers", false, "postgres=containers rabbitmq=containers\n")]
    public async Task UET_TEST_INFRA_SOURCE_overrides_what_Docker_says(string forced, bool dockerAnswers, string expected)
    {
        var result = await ChooseAsync(dockerAnswers, source: forced);

        Assert.Equal(expected, result.StandardOutput);
    }

    [Fact]
    public async Task An_unknown_UET_TEST_INFRA_SOURCE_fails_naming_the_variable_and_the_choices()
    {
        var result = await ChooseAsync(dockerAnswers: true, source: "kubernetes");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("", result.StandardOutput);
        Assert.Contains("UET_TEST_INFRA_SOURCE=kubernetes is not a source: use local or containers", result.StandardError, StringComparison.Ordinal);
    }

    private async Task<BufferedCommandResult> ChooseAsync(bool dockerAnswers, string? postgres = null, string? rabbitMq = null, string? source = null)
    {
        var docker = Path.Combine(_bin, "docker");
        await File.WriteAllTextAsync(docker, $"#!/bin/sh\n[ \"$1\" = info ] && exit {(dockerAnswers ? 0 : 1)}\nexit 2\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(docker, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        return await Cli.Wrap("bash").WithArguments([Script, "--infra-source"])
            .WithEnvironmentVariables(e => e
                .Set("PATH", _bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"))
                .Set("UET_POSTGRES", postgres)
                .Set("UET_RABBITMQ", rabbitMq)
                .Set("UET_TEST_INFRA_SOURCE", source))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(Encoding.UTF8, timeout.Token);
    }

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orchestrator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Orchestrator.sln above {AppContext.BaseDirectory}");
    }

    public void Dispose() => Directory.Delete(_bin, recursive: true);
}
