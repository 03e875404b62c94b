using System.Data.Common;

using Microsoft.EntityFrameworkCore;

using Npgsql;

using Uet.Persistence;
using Uet.Scheduler.Tests.Infrastructure;

namespace Uet.Scheduler.Tests;

/// <summary>The Npgsql settings every service's DbContext runs with: statements it repeats are prepared, unless the string says not.</summary>
public sealed class PostgresConnectionDefaultsTests
{
    private const string Repeated = "SELECT 41 + 1";

    [Fact]
    public void What_the_string_does_not_set_gets_the_default_and_what_it_sets_is_kept()
    {
        var plain = new NpgsqlConnectionStringBuilder(PostgresConnectionDefaults.Apply("Host=db;Username=uet;Password=\"a;b\";Database=uet"));
        Assert.Equal(PostgresConnectionDefaults.MaxAutoPrepare, plain.MaxAutoPrepare);
        Assert.Equal(("db", "uet", "a;b", "uet"), (plain.Host, plain.Username, plain.Password, plain.Database));

        Assert.Equal(0, new NpgsqlConnectionStringBuilder(PostgresConnectionDefaults.Apply("Host=db;Max Auto Prepare=0")).MaxAutoPrepare);
        Assert.Equal(7, new NpgsqlConnectionStringBuilder(PostgresConnectionDefaults.Apply("host=db;maxautoprepare=7")).MaxAutoPrepare);
        Assert.Null(PostgresConnectionDefaults.Unreadable("Host=db;Password=\"a;b\""));
    }

    [Theory]
    [InlineData("Host=db;Password=secret;Colour=blue", "colour")]
    [InlineData("Host=db;Password=secret;Port=secret", "port")]
    [InlineData("postgres://uet:secret@db/uet", "index 0")]
    public void A_string_Npgsql_cannot_read_gets_its_reason_without_the_value(string connectionString, string named)
    {
        var reason = PostgresConnectionDefaults.Unreadable(connectionString);

        Assert.NotNull(reason);
        Assert.Contains(named, reason, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secret", reason, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task A_statement_run_five_times_on_a_services_connection_is_prepared()
    {
        Assert.Equal(1, await PreparedAfterRepeatingAsync(TestPostgres.Options.ConnectionString));
    }

    [PostgresFact]
    public async Task Max_Auto_Prepare_zero_in_the_string_turns_it_off()
    {
        var off = new NpgsqlConnectionStringBuilder(TestPostgres.Options.ConnectionString) { MaxAutoPrepare = 0 }.ConnectionString;
        Assert.Equal(0, await PreparedAfterRepeatingAsync(off));
    }

    /// <summary>Runs <see cref="Repeated"/> six times on a connection of a DbContext set up as the services set theirs up.</summary>
    private static async Task<long> PreparedAfterRepeatingAsync(string connectionString)
    {
        var options = new DbContextOptionsBuilder<DbContext>()
            // Its own pool: a pooled connection another test prepared statements on would answer for this one.
            .UseUetDatabase(new PersistenceOptions { ConnectionString = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = Guid.NewGuid().ToString("N") }.ConnectionString })
            .Options;
        await using var db = new DbContext(options);
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(42, await ScalarAsync(connection, Repeated));
        }
        return await ScalarAsync(connection, $"SELECT count(*) FROM pg_prepared_statements WHERE statement = '{Repeated}'");
    }

    private static async Task<long> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
