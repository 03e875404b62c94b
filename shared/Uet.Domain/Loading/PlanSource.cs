using Uet.Contracts.Plans;

namespace Uet.Domain;

/// <summary>A plan path that cannot be read. The message names the path and says what to do; no stack trace is needed.</summary>
public sealed class PlanInputException(string message) : Exception(message);

/// <summary>Reads a plan from disk into <see cref="PlanFile"/>s, which travel in messages and need no shared disk.</summary>
public static class PlanSource
{
    /// <summary>
    /// <paramref name="path"/> is a folder of <c>*.json</c> bundles (a <c>plan.json</c> in it holds settings) or a
    /// single bundle file. Paths are relative to the plan (forward slashes), sorted ordinally.
    /// </summary>
    /// <exception cref="PlanInputException">The path does not exist, cannot be read, or holds no bundle.</exception>
    public static IReadOnlyList<PlanFile> ReadFiles(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new PlanInputException("No plan path was given. Pass a folder of *.json workstream bundles, or a single bundle file.");
        }
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            // Pointing at plan.json means the plan beside it.
            if (string.Equals(Path.GetFileName(full), Loading.SettingsReader.FileName, StringComparison.Ordinal))
            {
                return ReadFolder(path, Path.GetDirectoryName(full)!);
            }
            return [new PlanFile(Path.GetFileName(full), Read(path, full))];
        }
        if (Directory.Exists(full))
        {
            return ReadFolder(path, full);
        }
        throw new PlanInputException(
            $"The plan '{path}' does not exist. Pass a folder of *.json workstream bundles, or a single bundle file (check the spelling and the current directory).");
    }

    private static List<PlanFile> ReadFolder(string shownPath, string folder)
    {
        string[] names;
        try
        {
            names = Directory.EnumerateFiles(folder, "*", SearchOption.TopDirectoryOnly)
                .Where(f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                .ToArray();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PlanInputException($"The plan folder '{shownPath}' cannot be read: {ex.Message} Check its permissions.");
        }
        var files = names
            .Select(f => new PlanFile(Path.GetFileName(f), Read(Path.Combine(shownPath, Path.GetFileName(f)), f)))
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            throw new PlanInputException(
                $"The plan folder '{shownPath}' holds no *.json files. Put the workstream bundles (*.json) in it, or pass a single bundle file.");
        }
        if (files.All(f => f.Path == Loading.SettingsReader.FileName))
        {
            throw new PlanInputException(
                $"The plan folder '{shownPath}' holds only plan.json (settings). Add the workstream bundles (*.json) beside it.");
        }
        return files;
    }

    private static string Read(string shownPath, string full)
    {
        try
        {
            return File.ReadAllText(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PlanInputException($"The plan file '{shownPath}' cannot be read: {ex.Message} Check that it exists and is readable.");
        }
    }
}
