using System.Text;

using CliWrap;
using CliWrap.Buffered;

namespace Uet.TestInfrastructure.Tests;

/// <summary>
/// scripts/test.sh's container path, run whole, with stand-ins for what cannot run here: a `docker` whose `info`
/// answers, and a `dotnet` that builds nothing, plays the container program (writes the env file for the servers it is
/// asked for, then waits for its standard input to close or for SIGTERM) and plays `dotnet test` (records what the
/// tests would see). What is tested is the script: the env file sourced, the program stopped at the end, its pipe not
/// inherited by the tests, a failing program reported. The real program against a real engine: <see cref="ProgramTests"/>.
/// </summary>
public sealed class TestScriptContainerPathTests : IDisposable
{
    private const string FakeDotnet = """
        #!/bin/bash
        log=$FAKE_LOG
        case "$1" in
          build) echo "build $*" >>"$log" ;;
          test)
            { echo "test source=$UET_TEST_INFRA_SOURCE"; echo "test postgres=$UET_POSTGRES"; echo "test rabbitmq=$UET_RABBITMQ"
              echo "test container=${UET_TEST_RABBITMQ_CONTAINER:-}"
              if [ -e "/proc/$$/fd/9" ]; then echo "test fd9=open"; else echo "test fd9=closed"; fi; } >>"$log"
            exit "${FAKE_TEST_EXIT:-0}" ;;
          *.dll)
            shift; echo "program $*" >>"$log"
            if [ -n "${FAKE_PROGRAM_FAILS:-}" ]; then echo "[infra] no Docker engine answers (stand-in)"; exit 3; fi
            env_file=$2; shift 2
            trap 'echo "program stopped by SIGTERM" >>"$log"; exit 0' TERM
            for what in "$@"; do
              case "$what" in
                --postgres) echo "export UET_POSTGRES='Host=127.0.0.1;Port=49001;Username=postgres;Password=postgres'" ;;
                --rabbitmq) echo "export UET_RABBITMQ='amqp://uet:uet@127.0.0.1:49002/'"; echo "export UET_TEST_RABBITMQ_CONTAINER='c0ffee'" ;;
              esac
            done >"$env_file.partial"
            mv "$env_file.partial" "$env_file"
            cat >/dev/null
            echo "program stopped by the end of its input" >>"$log" ;;
          *) echo "unexpected dotnet $*" >>"$log"; exit 99 ;;
        esac
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("uet-container-path-").FullName;

    private string Log => Path.Combine(_dir, "calls.log");

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task The_env_file_names_the_servers_for_the_tests_and_the_program_is_stopped_at_the_end(int testExit)
    {
        var result = await RunAsync(("FAKE_TEST_EXIT", testExit.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.True(result.ExitCode == testExit, result.StandardError);
        var calls = await File.ReadAllLinesAsync(Log);
        Assert.Contains(calls, c => c.StartsWith("build build tests/Uet.TestInfrastructure/Uet.TestInfrastructure.csproj -c Release", StringComparison.Ordinal));
        Assert.Contains($"program --env-file {_dir}/infra/containers.env --postgres --rabbitmq", calls);
        Assert.Contains("test source=containers", calls);
        Assert.Contains("test postgres=Host=127.0.0.1;Port=49001;Username=postgres;Password=postgres", calls);
        Assert.Contains("test rabbitmq=amqp://uet:uet@127.0.0.1:49002/", calls);
        Assert.Contains("test container=c0ffee", calls);
        Assert.Contains("test fd9=closed", calls);
        Assert.Contains(calls, c => c.StartsWith("program stopped by", StringComparison.Ordinal));
        Assert.Contains("postgres rabbitmq ready in containers on 127.0.0.1", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_named_by_the_environment_is_not_started_in_a_container()
    {
        var result = await RunAsync(("UET_RABBITMQ", "amqp://elsewhere/"));

        Assert.True(result.ExitCode == 0, result.StandardError);
        var calls = await File.ReadAllLinesAsync(Log);
        Assert.Contains($"program --env-file {_dir}/infra/containers.env --postgres", calls);
        Assert.Contains("test rabbitmq=amqp://elsewhere/", calls);
        Assert.Contains("test postgres=Host=127.0.0.1;Port=49001;Username=postgres;Password=postgres", calls);
    }

    [Fact]
    public async Task A_program_that_fails_stops_the_script_with_its_message_and_no_test_runs()
    {
        var result = await RunAsync(("FAKE_PROGRAM_FAILS", "1"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("no Docker engine answers (stand-in)", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("the containers did not start", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("UET_TEST_INFRA_SOURCE=local uses local servers instead", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(await File.ReadAllLinesAsync(Log), c => c.StartsWith("test ", StringComparison.Ordinal));
    }

    private async Task<BufferedCommandResult> RunAsync(params (string Name, string Value)[] settings)
    {
        var bin = Directory.CreateDirectory(Path.Combine(_dir, "bin")).FullName;
        await WriteExecutableAsync(Path.Combine(bin, "docker"), "#!/bin/sh\n[ \"$1\" = info ]\n");
        await WriteExecutableAsync(Path.Combine(bin, "dotnet"), FakeDotnet.ReplaceLineEndings("\n") + "\n");

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        return await Cli.Wrap("bash").WithArguments([TestScriptChoiceTests.Script])
            .WithEnvironmentVariables(e =>
            {
                e.Set("PATH", bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"))
                    .Set("FAKE_LOG", Log)
                    .Set("UET_TEST_INFRA", Path.Combine(_dir, "infra"))
                    .Set("UET_CHROMIUM", "not needed here")
                    .Set("UET_POSTGRES", null).Set("UET_RABBITMQ", null).Set("UET_TEST_INFRA_SOURCE", null);
                foreach (var (name, value) in settings)
                {
                    e.Set(name, value);
                }
            })
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(Encoding.UTF8, timeout.Token);
    }

    private static async Task WriteExecutableAsync(string path, string text)
    {
        await File.WriteAllTextAsync(path, text);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
