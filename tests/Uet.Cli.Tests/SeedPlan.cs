namespace Uet.Cli.Tests;

/// <summary>
/// The prototype's real plan lives beside the repository (<c>&lt;repo&gt;/../shared/reference/seed-plan</c>), or further
/// up when the repository is a worktree: walk up from the test's folder to the first directory that has it.
/// </summary>
internal static class SeedPlan
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable("UET_SEED_PLAN") is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "reference", "seed-plan");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            $"seed plan not found above {AppContext.BaseDirectory}: expected <dir>/shared/reference/seed-plan; set UET_SEED_PLAN to its path.");
    }
}
