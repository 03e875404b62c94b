namespace Uet.Cli.Tests;

/// <summary>A plan folder in a fresh temp directory, deleted afterwards.</summary>
internal sealed class TempPlan : IDisposable
{
    public TempPlan(params (string Name, string Content)[] files)
    {
        Root = Path.Combine(Path.GetTempPath(), "uet-cli-tests-" + Guid.NewGuid().ToString("N"));
        Dir = Path.Combine(Root, "plan");
        Directory.CreateDirectory(Dir);
        foreach (var (name, content) in files)
        {
            File.WriteAllText(Path.Combine(Dir, name), content);
        }
    }

    /// <summary>The folder that holds the plan folder; a scratch place for other files.</summary>
    public string Root { get; }

    public string Dir { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    public static TempPlan Valid() => new(
        ("core.json", """
            {
              "id": "ws-core",
              "files_scope": ["src/core/"],
              "tasks": ["Implement the core library"],
              "tool": "aider",
              "max_cost_usd": 2.5,
              "estimated_context_tokens": 1000
            }
            """),
        ("edges.json", """
            [
              {
                "id": "ws-api",
                "files_scope": ["src/api/handler.py"],
                "tasks": ["Add the API layer"],
                "depends_on": ["ws-core"],
                "tool": "aider",
                "max_cost_usd": 1,
                "estimated_context_tokens": 1000
              },
              {
                "id": "ws-cli",
                "files_scope": ["src/cli/main.py"],
                "tasks": ["Build the CLI"],
                "depends_on": ["ws-core"],
                "tool": "aider",
                "max_cost_usd": 1,
                "estimated_context_tokens": 1000
              }
            ]
            """));

    public static TempPlan Invalid() => new(
        ("a.json", """
            {
              "id": "ws-a",
              "files_scope": ["src/a.py"],
              "tasks": ["Do a"],
              "depends_on": ["ws-missing"],
              "tool": "aider"
            }
            """),
        ("b.json", """
            {
              "id": "ws-b",
              "tasks": ["Do b"],
              "tool": "aider"
            }
            """));

    public static TempPlan Malformed() => new(
        ("bad.json", """
            {
              "id": "ws-bad",
              "files_scope": ["src/bad.py"
            }
            """));
}
