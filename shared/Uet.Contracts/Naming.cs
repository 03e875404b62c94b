using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Uet.Contracts;

/// <summary>Names shared by every service, so a branch or id is spelled in one place.</summary>
public static partial class Naming
{
    /// <summary>Run names become branch names (<c>uet/&lt;run&gt;/…</c>), so they must be valid in a git ref.</summary>
    public static bool IsValidRunName(string name) =>
        name is not null && RunNamePattern().IsMatch(name) && !name.Contains("..", StringComparison.Ordinal);

    /// <summary>A run name when none is given: the UTC time and four random hex digits.</summary>
    public static string NewRunName(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return $"{time.GetUtcNow():yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 2))}";
    }

    /// <summary>Runs are named by people (<c>--run-id</c>); the saga needs a Guid, derived stably from the name.</summary>
    public static Guid RunIdFor(string runName)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("uet-run:" + runName));
        return new Guid(hash.AsSpan(0, 16));
    }

    public static string WorkstreamBranch(string runName, string workstreamId) => $"uet/{runName}/{workstreamId}";

    public static string IntegrationBranch(string runName) => $"uet/{runName}/integration";

    /// <summary>
    /// On a hub: the commit <c>uet run --hub</c> submitted as the run's base, pushed there before the run starts (the
    /// hub has no copy of the user's branches, and a base named by a branch could move before Prepare reads it).
    /// </summary>
    public static string SubmittedBaseRef(string runName) => $"refs/uet/submitted/{runName}";

    /// <summary>What a run leaves in a repository: its branches, its base marker and its archives (fetched from a hub back into <c>--repo</c>).</summary>
    public static IReadOnlyList<string> RunRefPatterns(string runName) =>
        [$"refs/heads/uet/{runName}/*", $"refs/uet/base/{runName}", $"refs/uet/archive/{runName}/*"];

    public static string ArchiveRef(string runName, DateTimeOffset at) => $"refs/uet/archive/{runName}/{at:yyyyMMddTHHmmssfff}";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex RunNamePattern();
}
