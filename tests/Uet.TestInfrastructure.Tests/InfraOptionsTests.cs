namespace Uet.TestInfrastructure.Tests;

public sealed class InfraOptionsTests
{
    [Fact]
    public void Both_servers_and_the_env_file_are_read_with_the_path_made_absolute()
    {
        var options = InfraOptions.Parse(["--env-file", "infra.env", "--rabbitmq", "--postgres"], out var error);

        Assert.Null(error);
        Assert.Equal(new InfraOptions(Path.GetFullPath("infra.env"), Postgres: true, RabbitMq: true), options);
    }

    [Fact]
    public void One_server_alone_is_enough()
    {
        var options = InfraOptions.Parse(["--rabbitmq", "--env-file", "/tmp/x.env"], out _);

        Assert.Equal(new InfraOptions("/tmp/x.env", Postgres: false, RabbitMq: true), options);
    }

    [Theory]
    [InlineData("--env-file is required", "--postgres")]
    [InlineData("--env-file needs a path", "--postgres", "--env-file")]
    [InlineData("nothing to start: give --postgres, --rabbitmq or both", "--env-file", "x.env")]
    [InlineData("unknown argument '--mysql'", "--env-file", "x.env", "--mysql")]
    public void Bad_arguments_are_named(string expected, params string[] args)
    {
        Assert.Null(InfraOptions.Parse(args, out var error));
        Assert.Equal(expected, error);
    }
}
