namespace Uet.Domain.Tests;

/// <summary>Finds <c>shared/reference</c> (the seed format and the prototype's plan), which lives next to the repository root.</summary>
internal static class ReferencePlans
{
    public static string? Root { get; } = Find();

    public static string SeedPlan => Path.Combine(Root ?? throw Missing(), "seed-plan");
    public static string SeedFormat => Path.Combine(Root ?? throw Missing(), "seed-format");

    public static string SkipReason =>
        "shared/reference/seed-plan was not found in any folder above " + AppContext.BaseDirectory +
        " (it lives next to the repository root, as ../shared/reference).";

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "reference");
            if (Directory.Exists(Path.Combine(candidate, "seed-plan")))
            {
                return candidate;
            }
        }
        return null;
    }

    private static InvalidOperationException Missing() => new(SkipReason);
}

/// <summary>A fact that needs <c>shared/reference</c>; skipped, saying why, only when that folder is truly absent.</summary>
public sealed class ReferenceFactAttribute : FactAttribute
{
    public ReferenceFactAttribute()
    {
        if (ReferencePlans.Root is null)
        {
            Skip = ReferencePlans.SkipReason;
        }
    }
}
