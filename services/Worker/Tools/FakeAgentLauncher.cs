using System.Runtime.InteropServices;

namespace Uet.Worker.Tools;

/// <summary>Finds how to start <c>Uet.Worker.dll fake-agent</c> from whatever process hosts the worker.</summary>
internal static class FakeAgentLauncher
{
    public static IReadOnlyList<string> DefaultCommand() => [DotnetHost(), typeof(FakeAgent).Assembly.Location, "fake-agent"];

    /// <summary>The dotnet muxer by full path, so a reduced PATH in the tool's environment does not matter.</summary>
    private static string DotnetHost()
    {
        var executable = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Environment.ProcessPath is { } self && Path.GetFileName(self) == executable)
        {
            return self;
        }

        foreach (var root in new[] { Environment.GetEnvironmentVariable("DOTNET_ROOT"), Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..") })
        {
            if (root is not null && File.Exists(Path.Combine(root, executable)))
            {
                return Path.GetFullPath(Path.Combine(root, executable));
            }
        }

        return ProcessGroup.FindOnPath(executable) ?? executable;
    }
}
