namespace Uet.Cli.Embedded;

/// <summary>
/// The embedded mode's state on disk (default <c>.uet/</c> in the current directory): the SQLite database,
/// per-run logs and worktrees, and the small files other terminals use to talk to a running <c>uet run</c>.
/// </summary>
internal sealed class StateDirectory
{
    public StateDirectory(string? path)
    {
        Root = Path.GetFullPath(path ?? Path.Combine(Environment.CurrentDirectory, ".uet"));
    }

    public string Root { get; }

    public string DatabasePath => Path.Combine(Root, "uet.db");

    public string ConnectionString => $"Data Source={DatabasePath}";

    public bool DatabaseExists => File.Exists(DatabasePath);

    public string ControlDirectory => Path.Combine(Root, "control");

    public string LocksDirectory => Path.Combine(Root, "locks");

    public void EnsureCreated()
    {
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(ControlDirectory);
        Directory.CreateDirectory(LocksDirectory);

        // The state dir often sits inside the user's repository: keep it out of their `git status`.
        var ignore = Path.Combine(Root, ".gitignore");
        if (!File.Exists(ignore))
        {
            File.WriteAllText(ignore, "*\n");
        }
    }
}
