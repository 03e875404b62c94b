using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

using Uet.Cli.Output;
using Uet.Cli.Validate;
using Uet.Domain;

namespace Uet.Cli.Commands;

/// <summary><c>uet validate &lt;plan&gt;</c>: the dry run. Exit 0 valid (warnings allowed), 1 invalid, 2 unreadable input.</summary>
public static class ValidateCommand
{
    public static Command Create()
    {
        var plan = new Argument<string>("plan")
        {
            Description = "A plan folder of *.json bundles (with an optional plan.json), or a single bundle file.",
        };
        var maxWorkers = new Option<int?>("--max-workers", "-w")
        {
            Description = "Workers to plan the waves for (default: plan.json's max_workers, else 4).",
            HelpName = "N",
        };
        maxWorkers.CustomParser = PositiveInt;
        var output = new Option<string>("--output", "-o")
        {
            Description = "text (for people) or json (stable shape, see docs/cli.md).",
            DefaultValueFactory = _ => "text",
        };
        output.AcceptOnlyFromAmong("text", "json");
        var repo = new Option<string?>("--repo")
        {
            Description = "Repository the scopes refer to; context sizes are then estimated from the files (4 characters per token).",
            HelpName = "PATH",
        };

        var command = new Command("validate", "Check a plan and show its waves, critical path and speedup, without running anything.")
        {
            plan,
            maxWorkers,
            output,
            repo,
        };
        command.SetAction(parseResult => Run(
            CliConsole.For(parseResult),
            parseResult.GetValue(plan)!,
            parseResult.GetValue(maxWorkers),
            parseResult.GetValue(output) == "json",
            parseResult.GetValue(repo)));
        return command;
    }

    private static int? PositiveInt(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1)
        {
            return value;
        }

        result.AddError($"--max-workers must be a whole number of at least 1, not '{text}'.");
        return null;
    }

    private static int Run(ICliConsole console, string planPath, int? maxWorkers, bool json, string? repo)
    {
        var repoPath = repo is null ? null : ExistingDirectory(repo);
        var files = PlanSource.ReadFiles(planPath);
        var report = PlanInspector.Inspect(PlanName(planPath), files, new InspectOptions
        {
            MaxWorkers = maxWorkers,
            RepoPath = repoPath,
        });

        if (json)
        {
            ValidationJson.Write(console.Out, report, PlanName(planPath));
        }
        else
        {
            ValidationTextView.Write(console, report, PlanName(planPath));
        }

        return report.IsValid ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static string ExistingDirectory(string path) =>
        Directory.Exists(path)
            ? Path.GetFullPath(path)
            : throw new CliException($"--repo '{path}' is not a directory; give the repository the plan's files_scope paths refer to, or leave --repo out.");

    /// <summary>The plan's name before plan.json may rename it: the folder's name, or the file's name without extension.</summary>
    private static string PlanName(string planPath)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(planPath));
        if (Directory.Exists(full))
        {
            return Path.GetFileName(full);
        }

        // uet validate path/to/plan.json means the plan in that folder.
        return Path.GetFileName(full) == "plan.json"
            ? Path.GetFileName(Path.GetDirectoryName(full)) ?? "plan"
            : Path.GetFileNameWithoutExtension(full);
    }
}
