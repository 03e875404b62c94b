namespace Uet.TestInfrastructure;

/// <summary>What to start and where to name it: <c>--env-file PATH [--postgres] [--rabbitmq]</c>.</summary>
public sealed record InfraOptions(string EnvFile, bool Postgres, bool RabbitMq)
{
    public const string Usage = "usage: Uet.TestInfrastructure --env-file PATH [--postgres] [--rabbitmq]  (at least one of the two)";

    /// <summary>The options, or null with <paramref name="error"/> saying what is wrong.</summary>
    public static InfraOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        string? envFile = null;
        bool postgres = false, rabbitMq = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--env-file" when i + 1 < args.Count && args[i + 1].Length > 0:
                    envFile = args[++i];
                    break;
                case "--env-file":
                    error = "--env-file needs a path";
                    return null;
                case "--postgres":
                    postgres = true;
                    break;
                case "--rabbitmq":
                    rabbitMq = true;
                    break;
                default:
                    error = $"unknown argument '{args[i]}'";
                    return null;
            }
        }

        error = envFile is null ? "--env-file is required"
            : !postgres && !rabbitMq ? "nothing to start: give --postgres, --rabbitmq or both"
            : null;
        return error is null ? new InfraOptions(Path.GetFullPath(envFile!), postgres, rabbitMq) : null;
    }
}
