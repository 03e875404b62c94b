using Npgsql;

namespace Uet.Persistence;

/// <summary>
/// The Npgsql settings our services run with unless their connection string says otherwise.
/// </summary>
public static class PostgresConnectionDefaults
{
    /// <summary>
    /// How many statements Npgsql keeps prepared per connection (<c>Max Auto Prepare</c>); a statement text is prepared
    /// once it has run five times on the connection, and the least recently used makes room. Npgsql's default is none,
    /// and PostgreSQL then parses and plans every statement of every saga write again: measured on a 2,000-workstream
    /// run, preparing them took 30 % off PostgreSQL's CPU (bench/README.md, session 13). <c>Max Auto Prepare=0</c> in
    /// the connection string turns it off, as a pooler in transaction mode without prepared-statement support needs.
    /// </summary>
    public const int MaxAutoPrepare = 100;

    private const string MaxAutoPrepareKeyword = "Max Auto Prepare";

    /// <summary>
    /// Why Npgsql cannot read <paramref name="connectionString"/>, or null when it can. Npgsql's reason names the keyword
    /// (<c>Couldn't set port</c>) or the position, never the value, which may be a password.
    /// </summary>
    public static string? Unreadable(string connectionString)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }

    /// <summary>
    /// <paramref name="connectionString"/> with our defaults for what it does not set. A string Npgsql cannot read throws
    /// <see cref="ArgumentException"/> with Npgsql's reason.
    /// </summary>
    public static string Apply(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // Keys holds only what the string set (ContainsKey answers for every keyword Npgsql knows).
        if (!builder.Keys.Contains(MaxAutoPrepareKeyword))
        {
            builder.MaxAutoPrepare = MaxAutoPrepare;
        }
        return builder.ConnectionString;
    }
}
