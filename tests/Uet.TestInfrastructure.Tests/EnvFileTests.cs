using System.Text;

using CliWrap;
using CliWrap.Buffered;

namespace Uet.TestInfrastructure.Tests;

public sealed class EnvFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("uet-envfile-").FullName;

    [Fact]
    public async Task Bash_sourcing_the_file_gets_every_value_back_exactly()
    {
        var values = new Dictionary<string, string>
        {
            ["UET_POSTGRES"] = "Host=127.0.0.1;Port=49153;Username=postgres;Password=postgres;Database=postgres;Pooling=true",
            ["UET_RABBITMQ"] = "amqp://uet:uet@127.0.0.1:49154/",
            ["AWKWARD"] = "it's $HOME `id` \"quoted\" ; & | a\\b",
        };
        var path = Path.Combine(_dir, "infra.env");

        EnvFile.Write(path, values);

        Assert.False(File.Exists(path + ".partial"));
        foreach (var (name, value) in values)
        {
            var result = await Cli.Wrap("bash").WithArguments(["-c", $". \"$1\" && printf '%s' \"${name}\"", "bash", path])
                .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(Encoding.UTF8);
            Assert.True(result.ExitCode == 0, result.StandardError);
            Assert.Equal(value, result.StandardOutput);
        }
    }

    [Fact]
    public void A_second_write_replaces_the_first()
    {
        var path = Path.Combine(_dir, "infra.env");
        EnvFile.Write(path, [new("UET_RABBITMQ", "amqp://a/")]);

        EnvFile.Write(path, [new("UET_POSTGRES", "Host=b")]);

        Assert.Equal("export UET_POSTGRES='Host=b'", File.ReadAllLines(path)[1]);
        Assert.Equal(2, File.ReadAllLines(path).Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1ABC")]
    [InlineData("A B")]
    [InlineData("A;rm")]
    public void A_name_the_shell_would_not_take_is_refused(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => EnvFile.Format([new(name, "x")]));
        Assert.Contains($"'{name}' is not a shell variable name", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
