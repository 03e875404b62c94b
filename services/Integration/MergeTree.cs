using Uet.Git;

namespace Uet.Integration;

internal sealed record MergeTreeResult(string Tree, IReadOnlyList<string> ConflictingFiles)
{
    public bool IsClean => ConflictingFiles.Count == 0;
}

/// <summary>
/// <c>git merge-tree --write-tree</c> (git ≥ 2.38): the merge is computed in the object store only, so no
/// working tree or index is involved. Exit 0 is a clean merge, exit 1 a merge with conflicts, anything else an error.
/// </summary>
internal static class MergeTree
{
    public static async Task<MergeTreeResult> MergeAsync(ResilientGit git, string ours, string theirs, CancellationToken ct)
    {
        string[] args = ["merge-tree", "--write-tree", "-z", "--name-only", "--no-messages", ours, theirs];
        var result = await git.TryRunAsync(args, ct);
        // -z: "<tree>\0<file>\0<file>\0..." so names with spaces or non-ASCII characters arrive unquoted.
        var fields = result.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries);
        var looksLikeTree = fields.Length > 0 && fields[0].Length >= 40 && fields[0].All(Uri.IsHexDigit);
        if (result.ExitCode is not (0 or 1) || !looksLikeTree)
        {
            throw new GitException(args, result.ExitCode, result.StandardError.Trim(), git.RepoPath);
        }

        var conflicts = result.ExitCode == 1 ? fields.Skip(1).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList() : [];
        if (result.ExitCode == 1 && conflicts.Count == 0)
        {
            throw new GitException(args, result.ExitCode, "merge-tree reported conflicts but named no file: " + result.StandardError.Trim(), git.RepoPath);
        }

        return new MergeTreeResult(fields[0], conflicts);
    }
}
