using LibGit2Sharp;

namespace Uet.Git;

/// <summary>The result of merging two commits in the object store: a tree when clean, else the conflicting paths.</summary>
public sealed record ObjectMerge(string? Tree, IReadOnlyList<string> ConflictingFiles)
{
    public bool IsClean => Tree is not null;
}

/// <summary>
/// Object-store operations done in-process with libgit2 (LibGit2Sharp): resolve, ancestry, merge of two commits
/// without a working tree, commit of a tree, and a compare-and-swap ref update. They sit on the critical path of
/// every run (merges are serial per run), where a git process per step costs ~10–100 ms on a loaded machine and
/// these cost about 1–3 ms. Not thread-safe: open one per operation sequence.
/// </summary>
public sealed class GitObjectStore : IDisposable
{
    private readonly Repository _repo;

    private GitObjectStore(string path, Repository repo)
    {
        RepoPath = path;
        _repo = repo;
    }

    public string RepoPath { get; }

    /// <summary>Opens the repository (or worktree) at <paramref name="path"/>; a missing or broken one is a <see cref="GitException"/>.</summary>
    public static GitObjectStore Open(string path)
    {
        try
        {
            return new GitObjectStore(path, new Repository(path));
        }
        catch (LibGit2SharpException e)
        {
            throw new GitException(["(libgit2) open"], -1, e.Message, path);
        }
    }

    /// <summary>The full id of the commit <paramref name="rev"/> names (an id or a ref), or null.</summary>
    public string? ResolveCommit(string rev)
    {
        try
        {
            return _repo.Lookup<Commit>(rev)?.Sha;
        }
        catch (LibGit2SharpException)
        {
            return null; // an ambiguous or malformed name resolves to nothing, as `rev-parse --verify --quiet` does
        }
    }

    /// <summary>The id <paramref name="refName"/> points at, or null when the ref does not exist.</summary>
    public string? ReadRef(string refName) => _repo.Refs[refName]?.ResolveToDirectReference()?.TargetIdentifier;

    public bool IsAncestor(string ancestor, string descendant)
    {
        if (string.Equals(ancestor, descendant, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var a = RequireCommit(ancestor);
        var d = RequireCommit(descendant);
        return _repo.ObjectDatabase.FindMergeBase(a, d)?.Id == a.Id;
    }

    /// <summary>Three-way merge of two commits (with rename detection, like merge-ort); only objects are written.</summary>
    public ObjectMerge Merge(string ours, string theirs)
    {
        var result = _repo.ObjectDatabase.MergeCommits(RequireCommit(ours), RequireCommit(theirs), new MergeTreeOptions
        {
            FailOnConflict = false,
            SkipReuc = true,
            FindRenames = true,
        });
        if (result.Status == MergeTreeStatus.Succeeded)
        {
            return new ObjectMerge(result.Tree.Sha, []);
        }

        var files = result.Conflicts
            .SelectMany(c => new[] { c.Ours?.Path, c.Theirs?.Path, c.Ancestor?.Path })
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        return new ObjectMerge(null, files);
    }

    /// <summary>A commit of <paramref name="tree"/> made at <paramref name="at"/> with the given parents, by <see cref="GitIdentity"/>; returns its id.</summary>
    public string CommitTree(string tree, string message, DateTimeOffset at, params string[] parents)
    {
        var author = new Signature(GitIdentity.AuthorName, GitIdentity.AuthorEmail, at);
        var committer = new Signature(GitIdentity.CommitterName, GitIdentity.CommitterEmail, at);
        var treeObject = _repo.Lookup<Tree>(tree) ?? throw new GitException(["(libgit2) commit-tree", tree], -1, "no such tree", RepoPath);
        var commit = _repo.ObjectDatabase.CreateCommit(author, committer, message, treeObject, parents.Select(RequireCommit), prettifyMessage: true);
        return commit.Sha;
    }

    /// <summary>
    /// Points <paramref name="refName"/> at <paramref name="newValue"/> only if it is at <paramref name="expectedOld"/>
    /// (null: only if it does not exist). False when it is not: someone else moved it. libgit2 takes the ref's lock
    /// file as git does, so this is safe against git processes too.
    /// </summary>
    public bool CompareAndSwap(string refName, string newValue, string? expectedOld, string logMessage)
    {
        var existing = _repo.Refs[refName];
        if (expectedOld is null)
        {
            if (existing is not null)
            {
                return false;
            }

            try
            {
                _repo.Refs.Add(refName, new ObjectId(newValue), logMessage);
                return true;
            }
            catch (NameConflictException)
            {
                return false;
            }
            catch (LockedFileException e)
            {
                throw Locked(refName, e);
            }
        }

        if (existing?.ResolveToDirectReference() is not { } direct || !string.Equals(direct.TargetIdentifier, expectedOld, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            _repo.Refs.UpdateTarget(direct, new ObjectId(newValue), logMessage);
            return true;
        }
        catch (LockedFileException e)
        {
            throw Locked(refName, e);
        }
        catch (LibGit2SharpException) when (ReadRef(refName) is { } now && !string.Equals(now, expectedOld, StringComparison.OrdinalIgnoreCase))
        {
            return false; // libgit2 saw the ref change between our read and its write (GIT_EMODIFIED)
        }
    }

    /// <summary>
    /// Stages everything in the worktree as <c>git add --all</c> does (additions, changes, deletions; .gitignore
    /// respected, plus <paramref name="ignoredPatterns"/> for this call only) and writes the index as a tree; returns its id.
    /// </summary>
    public string StageAll(IReadOnlyCollection<string> ignoredPatterns)
    {
        if (ignoredPatterns.Count > 0)
        {
            _repo.Ignore.AddTemporaryRules(ignoredPatterns);
        }

        Commands.Stage(_repo, "*");
        return _repo.Index.WriteToTree().Sha;
    }

    /// <summary>Paths that differ between <paramref name="commit"/>'s tree and <paramref name="tree"/> (no rename detection), sorted.</summary>
    public IReadOnlyList<string> ChangedPaths(string commit, string tree)
    {
        var to = _repo.Lookup<Tree>(tree) ?? throw new GitException(["(libgit2) diff", commit, tree], -1, "no such tree", RepoPath);
        using var changes = _repo.Diff.Compare<TreeChanges>(RequireCommit(commit).Tree, to, new CompareOptions { Similarity = SimilarityOptions.None });
        return changes.Select(c => c.Path).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// True when this repository's working trees must be written and staged by git itself: libgit2 runs no external
    /// filter drivers (git-lfs is one), and a linked worktree opened with libgit2 does not see the repository's own
    /// configuration, so settings that change how files are written or read must be left to git. Ask it of the main
    /// repository, not of a worktree.
    /// </summary>
    public bool WorktreeNeedsGit => _repo.Config.Any(e => CheckoutSetting(e.Key.ToLowerInvariant(), e.Value));

    private static bool CheckoutSetting(string key, string value) => key switch
    {
        _ when key.StartsWith("filter.", StringComparison.Ordinal) => true,
        "core.autocrlf" or "core.ignorecase" or "core.sparsecheckout" or "core.precomposeunicode" => !IsFalse(value),
        "core.symlinks" or "core.filemode" => IsFalse(value),
        "core.eol" or "core.worktree" => true,
        _ => false,
    };

    private static bool IsFalse(string value) => value.Trim().ToLowerInvariant() is "false" or "no" or "off" or "0" or "";

    /// <summary>HEAD detached at <paramref name="commit"/>, index and tracked files as in it (<c>git checkout --force --detach</c>).</summary>
    public void ResetHard(string commit)
    {
        var target = RequireCommit(commit);
        try
        {
            _repo.Reset(ResetMode.Hard, target);
        }
        catch (LibGit2SharpException e)
        {
            throw new GitException(["(libgit2) reset --hard", commit], -1, e.Message, RepoPath);
        }
    }

    /// <summary>Whether the working tree holds anything untracked or ignored (what <c>git clean -ffdx</c> would remove).</summary>
    public bool HasUntrackedOrIgnoredFiles()
    {
        try
        {
            return _repo.RetrieveStatus(new StatusOptions
            {
                IncludeUntracked = true,
                IncludeIgnored = true,
                RecurseUntrackedDirs = false,
                RecurseIgnoredDirs = false,
                DetectRenamesInIndex = false,
                DetectRenamesInWorkDir = false,
                ExcludeSubmodules = true,
            }).Any(e => e.State.HasFlag(FileStatus.NewInWorkdir) || e.State.HasFlag(FileStatus.Ignored));
        }
        catch (LibGit2SharpException e)
        {
            throw new GitException(["(libgit2) status"], -1, e.Message, RepoPath);
        }
    }

    /// <summary>Points <paramref name="refName"/> at <paramref name="commit"/> whatever it was (a workstream branch has one writer).</summary>
    public void SetRef(string refName, string commit, string logMessage)
    {
        try
        {
            _repo.Refs.Add(refName, new ObjectId(commit), logMessage, allowOverwrite: true);
        }
        catch (LockedFileException e)
        {
            throw Locked(refName, e);
        }
    }

    /// <summary>Another process holds the ref's lock file: reported as git reports it, so callers retry it the same way.</summary>
    private GitException Locked(string refName, LockedFileException e) =>
        new(["(libgit2) update-ref", refName], 128, "cannot lock ref '" + refName + "': " + e.Message, RepoPath);

    private Commit RequireCommit(string id) =>
        ResolveCommit(id) is { } sha
            ? _repo.Lookup<Commit>(sha)
            : throw new GitException(["(libgit2) lookup", id], 128, $"no commit {id}", RepoPath);

    public void Dispose() => _repo.Dispose();
}
