using CliWrap;

namespace Uet.TestInfrastructure.Tests;

/// <summary>The built program (beside the tests) as a separate process, as scripts/test.sh runs it.</summary>
public static class InfraProcess
{
    public static string Dll { get; } = Path.Combine(AppContext.BaseDirectory, "Uet.TestInfrastructure.dll");

    public static Command Command(params string[] args) =>
        Cli.Wrap("dotnet").WithArguments([Dll, .. args]).WithValidation(CommandResultValidation.None);
}
