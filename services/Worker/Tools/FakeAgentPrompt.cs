using System.Text.Json;
using System.Text.Json.Serialization;

namespace Uet.Worker.Tools;

/// <summary>What the worker hands the fake agent in its prompt file (JSON, snake_case like the bundles).</summary>
public sealed record FakeAgentPrompt(
    [property: JsonPropertyName("workstream")] string Workstream,
    [property: JsonPropertyName("tasks")] IReadOnlyList<string> Tasks,
    [property: JsonPropertyName("files_scope")] IReadOnlyList<string> FilesScope,
    [property: JsonPropertyName("files_create")] IReadOnlyList<string> FilesCreate,
    [property: JsonPropertyName("acceptance_tests")] IReadOnlyList<string> AcceptanceTests)
{
    public static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
}
