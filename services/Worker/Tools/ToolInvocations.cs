using Uet.Contracts;
using Uet.Contracts.Plans;

namespace Uet.Worker.Tools;

/// <summary>
/// Turns a tool profile and a workstream into the processes to run: one <c>bash -c TASK</c> per task for
/// <c>shell</c>, the expanded argv template for <c>command</c>, <c>fake-agent</c> with a JSON prompt file.
/// </summary>
internal static class ToolInvocations
{
    public static IReadOnlyList<ProcessSpec> Build(
        ExecuteWorkstream message,
        string worktree,
        string promptFileBase,
        TimeSpan timeout,
        IReadOnlyList<string> fakeAgentCommand)
    {
        var tool = message.Tool;
        switch (tool.Kind)
        {
            case ToolKind.Shell:
                return message.Spec.Tasks
                    .Select((task, i) => new ProcessSpec($"task {i + 1}/{message.Spec.Tasks.Count}", ["bash", "-c", task], worktree, tool.EnvAllow, timeout))
                    .ToList();

            case ToolKind.FakeAgent:
                {
                    var promptFile = promptFileBase + ".json";
                    File.WriteAllText(promptFile, PromptBuilder.FakeAgentJson(message));
                    return [new ProcessSpec("command", [.. fakeAgentCommand, "--prompt-file", promptFile, "--workstream", message.WorkstreamId], worktree, tool.EnvAllow, timeout)];
                }

            case ToolKind.Command:
                {
                    if (tool.Command.Count == 0)
                    {
                        throw new ToolConfigurationException($"Tool profile '{tool.Name}' has kind command but no command; give its argv template in plan.json (tools.{tool.Name}.command).");
                    }

                    var prompt = PromptBuilder.Text(message);
                    var needsFile = tool.Command.Any(a => a.Contains("{prompt_file}", StringComparison.Ordinal));
                    var promptFile = promptFileBase + ".txt";
                    if (needsFile)
                    {
                        File.WriteAllText(promptFile, prompt);
                    }

                    var argv = ExpandTemplate(tool, prompt, promptFile, FilesInScopeThatExist(message.Spec, worktree));
                    return [new ProcessSpec("command", argv, worktree, tool.EnvAllow, timeout)];
                }

            default:
                throw new ToolConfigurationException($"Tool profile '{tool.Name}' has an unknown kind {tool.Kind}; use shell, command or fake-agent.");
        }
    }

    /// <summary>Placeholders: <c>{prompt}</c>, <c>{prompt_file}</c>, <c>{model}</c> inside any argument; <c>{files}</c> as a whole argument.</summary>
    internal static IReadOnlyList<string> ExpandTemplate(ToolProfile tool, string prompt, string promptFile, IReadOnlyList<string> files)
    {
        var argv = new List<string>();
        foreach (var part in tool.Command)
        {
            if (part == "{files}")
            {
                argv.AddRange(files);
                continue;
            }

            if (part.Contains("{files}", StringComparison.Ordinal))
            {
                throw new ToolConfigurationException($"Tool profile '{tool.Name}': '{{files}}' must be a whole argument of the command (it expands to one argument per file), not part of '{part}'.");
            }

            if (part.Contains("{model}", StringComparison.Ordinal) && string.IsNullOrWhiteSpace(tool.Model))
            {
                throw new ToolConfigurationException($"Tool profile '{tool.Name}' uses {{model}} in its command but sets no model; add \"model\" to the profile in plan.json.");
            }

            argv.Add(part
                .Replace("{prompt_file}", promptFile, StringComparison.Ordinal)
                .Replace("{prompt}", prompt, StringComparison.Ordinal)
                .Replace("{model}", tool.Model ?? "", StringComparison.Ordinal));
        }

        return argv;
    }

    /// <summary>Plain file entries of files_scope and files_create that exist in the worktree, in order, once each.</summary>
    internal static IReadOnlyList<string> FilesInScopeThatExist(Uet.Contracts.Plans.WorkstreamSpec spec, string worktree)
    {
        var root = Path.GetFullPath(worktree);
        return spec.FilesScope.Concat(spec.FilesCreate)
            .Where(f => f.Length > 0 && !f.EndsWith('/') && f.IndexOfAny(['*', '?', '[']) < 0)
            .Distinct(StringComparer.Ordinal)
            .Where(f =>
            {
                var full = Path.GetFullPath(Path.Combine(root, f));
                return full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && File.Exists(full);
            })
            .ToList();
    }
}
