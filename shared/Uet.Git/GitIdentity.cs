namespace Uet.Git;

/// <summary>
/// Who uet's own commits are by: the GIT_AUTHOR_* / GIT_COMMITTER_* variables when set, else "uet". One place, so
/// commits made by a git process and commits made in-process (<see cref="GitObjectStore"/>) carry the same names.
/// </summary>
public static class GitIdentity
{
    public static string AuthorName { get; } = Variable("GIT_AUTHOR_NAME", "uet");
    public static string AuthorEmail { get; } = Variable("GIT_AUTHOR_EMAIL", "uet@localhost");
    public static string CommitterName { get; } = Variable("GIT_COMMITTER_NAME", "uet");
    public static string CommitterEmail { get; } = Variable("GIT_COMMITTER_EMAIL", "uet@localhost");

    private static string Variable(string name, string fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : fallback;
}
