using Uet.Contracts.Plans;

namespace Uet.Planner.Tests;

/// <summary>Small plans written as the bundle files a client would submit.</summary>
internal static class PlanFiles
{
    public static IReadOnlyList<PlanFile> Valid() =>
    [
        new("core.json", """
            {
              "id": "ws-core",
              "files_scope": ["src/core/"],
              "tasks": ["Implement the core library"],
              "tool": "aider",
              "max_cost_usd": 2.5,
              "estimated_context_tokens": 1000
            }
            """),
        new("edges.json", """
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
            """),
    ];

    /// <summary>Four independent mistakes in four places; each must come back as its own error.</summary>
    public static IReadOnlyList<PlanFile> Invalid() =>
    [
        new("a.json", """
            {
              "id": "ws-a",
              "files_scope": ["src/a.py"],
              "tasks": ["Do a"],
              "depends_on": ["ws-missing"],
              "tool": "aider"
            }
            """),
        new("b.json", """
            {
              "id": "WS_Bad",
              "files_scope": ["src/b.py"],
              "tasks": ["Do b"],
              "tool": "aider"
            }
            """),
        new("c.json", """
            {
              "id": "ws-c",
              "tasks": ["Do c"],
              "tool": "aider"
            }
            """),
        new("broken.json", """
            {
              "id": "ws-d",
              "files_scope": ["src/d.py"
            }
            """),
    ];
}
