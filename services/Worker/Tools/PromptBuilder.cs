using System.Text;
using System.Text.Json;

using Uet.Contracts;

namespace Uet.Worker.Tools;

/// <summary>Builds what a coding tool is told: the tasks, the files it may touch, the tests that must pass.</summary>
internal static class PromptBuilder
{
    public static string Text(ExecuteWorkstream message)
    {
        var spec = message.Spec;
        var text = new StringBuilder();
        text.AppendLine($"You are carrying out workstream \"{spec.Id}\" of run \"{message.RunName}\" (attempt {message.Attempt}) in this git repository.");
        text.AppendLine();
        text.AppendLine("Tasks:");
        for (var i = 0; i < spec.Tasks.Count; i++)
        {
            text.AppendLine($"{i + 1}. {spec.Tasks[i]}");
        }

        AppendList(text, "Files you may modify (files_scope; a path ending in / is a directory):", spec.FilesScope);
        AppendList(text, "Files you may create (files_create):", spec.FilesCreate);
        AppendList(text, "Acceptance tests that must pass (run from the repository root):", spec.AcceptanceTests);
        text.AppendLine();
        text.AppendLine("Change only the files listed above: any other change fails the workstream. Do not commit; the orchestrator commits your changes.");
        return text.ToString();
    }

    public static string FakeAgentJson(ExecuteWorkstream message) =>
        JsonSerializer.Serialize(
            new FakeAgentPrompt(message.WorkstreamId, message.Spec.Tasks, message.Spec.FilesScope, message.Spec.FilesCreate, message.Spec.AcceptanceTests),
            FakeAgentPrompt.Json);

    private static void AppendList(StringBuilder text, string title, IReadOnlyList<string> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        text.AppendLine();
        text.AppendLine(title);
        foreach (var item in items)
        {
            text.AppendLine($"- {item}");
        }
    }
}
