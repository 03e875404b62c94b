using System.Security.Cryptography;
using System.Text;

namespace Uet.Contracts;

/// <summary>Names shared by every service, so a branch or id is spelled in one place.</summary>
public static class Naming
{
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
}
