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

    public static string ArchiveRef(string runName, DateTimeOffset at) => $"refs/uet/archive/{runName}/{at:yyyyMMddTHHmmssfff}";
}
