using System.Text.Json;
using System.Text.RegularExpressions;

namespace Uet.Worker.Tools;

/// <summary>
/// A deterministic stand-in for an AI coding CLI, for tests and the demo. Per task:
/// <c>write PATH: TEXT</c> writes a file, <c>append PATH: TEXT</c> appends a line, <c>delete PATH</c> deletes,
/// <c>fail: MESSAGE</c> exits 1; any other task appends <c>WS-ID: TASK</c> to the first file of files_create
/// (else the first plain file of files_scope). It may write outside the scope (so the scope check can be tested)
/// but never outside the worktree. After each task it prints a usage line whose token counts follow from text lengths.
/// Exit codes: 0 done, 1 a <c>fail:</c> task, 2 bad arguments or a path that leaves the worktree.
/// </summary>
public static partial class FakeAgent
{
    public const string Model = "fake-model";

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, string worktree)
    {
        string? promptFile = null;
        string? workstream = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--prompt-file" when i + 1 < args.Count:
                    promptFile = args[++i];
                    break;
                case "--workstream" when i + 1 < args.Count:
                    workstream = args[++i];
                    break;
                default:
                    stderr.WriteLine($"fake-agent: unknown argument '{args[i]}'. Usage: fake-agent --prompt-file FILE [--workstream ID]");
                    return 2;
            }
        }

        if (promptFile is null)
        {
            stderr.WriteLine("fake-agent: missing --prompt-file FILE (the JSON prompt the worker writes).");
            return 2;
        }

        FakeAgentPrompt? prompt;
        try
        {
            prompt = JsonSerializer.Deserialize<FakeAgentPrompt>(File.ReadAllText(promptFile), FakeAgentPrompt.Json);
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"fake-agent: cannot read prompt file {promptFile}: {ex.Message}");
            return 2;
        }

        if (prompt is null)
        {
            stderr.WriteLine($"fake-agent: prompt file {promptFile} holds no prompt object.");
            return 2;
        }

        var id = workstream ?? prompt.Workstream;
        var root = Path.GetFullPath(worktree);
        foreach (var task in prompt.Tasks)
        {
            var written = 0;
            try
            {
                if (FailTask().Match(task) is { Success: true } fail)
                {
                    stderr.WriteLine($"fake-agent: {fail.Groups["message"].Value}");
                    PrintUsage(stdout, task, 0);
                    return 1;
                }

                if (EditTask().Match(task) is { Success: true } edit)
                {
                    var path = Resolve(root, edit.Groups["path"].Value);
                    var text = edit.Groups["text"].Value + "\n";
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    if (edit.Groups["verb"].Value == "write")
                    {
                        File.WriteAllText(path, text);
                    }
                    else
                    {
                        File.AppendAllText(path, text);
                    }

                    written = text.Length;
                }
                else if (DeleteTask().Match(task) is { Success: true } delete)
                {
                    File.Delete(Resolve(root, delete.Groups["path"].Value));
                }
                else if (DefaultTarget(prompt) is { } target)
                {
                    var path = Resolve(root, target);
                    var line = $"{id}: {task}\n";
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    File.AppendAllText(path, line);
                    written = line.Length;
                }
                else
                {
                    stderr.WriteLine($"fake-agent: no file to edit for task '{task}' (files_create and files_scope name no plain file).");
                }
            }
            catch (PathEscapeException ex)
            {
                stderr.WriteLine($"fake-agent: {ex.Message}");
                return 2;
            }

            PrintUsage(stdout, task, written);
        }

        return 0;
    }

    /// <summary>Token counts derived from lengths only, so a test can predict the usage a run reports.</summary>
    public static (long Input, long Output) TokensFor(string task, int writtenChars) => (100 + (4L * task.Length), 10 + (2L * writtenChars));

    private static void PrintUsage(TextWriter stdout, string task, int written)
    {
        var (input, output) = TokensFor(task, written);
        stdout.WriteLine($$"""{"type":"usage","model":"{{Model}}","input_tokens":{{input}},"output_tokens":{{output}}}""");
    }

    private static string? DefaultTarget(FakeAgentPrompt prompt) =>
        prompt.FilesCreate.FirstOrDefault(IsPlainFile) ?? prompt.FilesScope.FirstOrDefault(IsPlainFile);

    private static bool IsPlainFile(string entry) =>
        entry.Length > 0 && !entry.EndsWith('/') && entry.IndexOfAny(['*', '?', '[']) < 0;

    private static string Resolve(string root, string relative)
    {
        var trimmed = relative.Trim();
        var full = Path.GetFullPath(Path.Combine(root, trimmed));
        var inside = full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        var gitDir = Path.Combine(root, ".git");
        if (Path.IsPathRooted(trimmed) || !inside || full == gitDir || full.StartsWith(gitDir + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new PathEscapeException($"refusing path '{relative}': it leaves the worktree {root}.");
        }

        return full;
    }

    [GeneratedRegex(@"^(?<verb>write|append) (?<path>[^:]+): ?(?<text>.*)$", RegexOptions.Singleline)]
    private static partial Regex EditTask();

    [GeneratedRegex(@"^delete (?<path>.+)$")]
    private static partial Regex DeleteTask();

    [GeneratedRegex(@"^fail: ?(?<message>.*)$", RegexOptions.Singleline)]
    private static partial Regex FailTask();

    private sealed class PathEscapeException(string message) : Exception(message);
}
