using System.Text.Json;

namespace Uet.EndToEnd.Tests;

/// <summary>Small plans written as JSON from C# objects, so tests read like the plans they use.</summary>
public static class Plans
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public static string Json(object value) => JsonSerializer.Serialize(value, Options);

    /// <summary>A shell workstream whose tasks append lines to one file of its own.</summary>
    public static Dictionary<string, object?> Shell(string id, string file, string[] tasks, string[]? dependsOn = null) => new()
    {
        ["id"] = id,
        ["tool"] = "shell",
        ["files_scope"] = new[] { file },
        ["files_create"] = new[] { file },
        ["tasks"] = tasks,
        ["depends_on"] = dependsOn ?? [],
    };

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Orchestrator.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Orchestrator.sln not found above " + AppContext.BaseDirectory);
    }

    public static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
