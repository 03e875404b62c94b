using System.Data.Common;

namespace Uet.Persistence;

/// <summary>One SQL statement and its parameters (made by the model's type mappings).</summary>
public record SqlStatement(string Sql, DbParameter[] Parameters);

/// <summary>
/// Runs statements in a transaction in as few round trips as the provider allows: a <see cref="DbBatch"/> of at most
/// <see cref="UetDatabaseExtensions.MaxBatchSize"/> where the provider has one (Npgsql); one after another where the
/// database runs in this process (SQLite), on one command that keeps its prepared statement while the text repeats.
/// The statements are taken from their sequence a round trip at a time, so a caller with many can make them as they go.
/// </summary>
public static class StatementBatch
{
    /// <summary>Runs <paramref name="statements"/> in order and returns the rows each affected.</summary>
    public static async Task<int[]> ExecuteAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<SqlStatement> statements, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(statements);
        var affected = new int[statements.Count];
        var next = 0;
        await ExecuteAsync(connection, transaction, statements, (_, rows) => affected[next++] = rows, ct);
        return affected;
    }

    /// <summary>
    /// Runs <paramref name="statements"/> in order, each round trip's taken from the sequence just before it is sent;
    /// <paramref name="done"/> gets each statement and the rows it affected when its round trip returns (it may throw
    /// to stop there).
    /// </summary>
    public static async Task ExecuteAsync<T>(DbConnection connection, DbTransaction transaction, IEnumerable<T> statements, Action<T, int> done, CancellationToken ct = default)
        where T : SqlStatement
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(statements);
        ArgumentNullException.ThrowIfNull(done);
        if (connection.CanCreateBatch)
        {
            foreach (var chunk in statements.Chunk(UetDatabaseExtensions.MaxBatchSize))
            {
                await using var batch = connection.CreateBatch();
                batch.Transaction = transaction;
                foreach (var statement in chunk)
                {
                    var command = batch.CreateBatchCommand();
                    command.CommandText = statement.Sql;
                    command.Parameters.AddRange(statement.Parameters);
                    batch.BatchCommands.Add(command);
                }
                await batch.ExecuteNonQueryAsync(ct);
                for (var i = 0; i < chunk.Length; i++)
                {
                    done(chunk[i], batch.BatchCommands[i].RecordsAffected);
                }
            }
            return;
        }

        await using var one = connection.CreateCommand();
        one.Transaction = transaction;
        foreach (var statement in statements)
        {
            if (!string.Equals(one.CommandText, statement.Sql, StringComparison.Ordinal))
            {
                one.CommandText = statement.Sql;
            }
            one.Parameters.Clear();
            one.Parameters.AddRange(statement.Parameters);
            done(statement, await one.ExecuteNonQueryAsync(ct));
        }
    }
}
