using System.Data.Common;

namespace Uet.Persistence;

/// <summary>One SQL statement and its parameters (made by the model's type mappings).</summary>
public record SqlStatement(string Sql, DbParameter[] Parameters);

/// <summary>
/// Runs statements in a transaction in as few round trips as the provider allows: a <see cref="DbBatch"/> of at most
/// <see cref="UetDatabaseExtensions.MaxBatchSize"/> where the provider has one (Npgsql); one after another where the
/// database runs in this process (SQLite), on one command that keeps its prepared statement while the text repeats.
/// </summary>
public static class StatementBatch
{
    /// <summary>Runs <paramref name="statements"/> in order and returns the rows each affected.</summary>
    public static async Task<int[]> ExecuteAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<SqlStatement> statements, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(statements);
        var affected = new int[statements.Count];
        if (connection.CanCreateBatch)
        {
            for (var first = 0; first < statements.Count; first += UetDatabaseExtensions.MaxBatchSize)
            {
                var count = Math.Min(UetDatabaseExtensions.MaxBatchSize, statements.Count - first);
                await using var batch = connection.CreateBatch();
                batch.Transaction = transaction;
                for (var i = first; i < first + count; i++)
                {
                    var command = batch.CreateBatchCommand();
                    command.CommandText = statements[i].Sql;
                    command.Parameters.AddRange(statements[i].Parameters);
                    batch.BatchCommands.Add(command);
                }
                await batch.ExecuteNonQueryAsync(ct);
                for (var i = 0; i < count; i++)
                {
                    affected[first + i] = batch.BatchCommands[i].RecordsAffected;
                }
            }
            return affected;
        }

        await using var one = connection.CreateCommand();
        one.Transaction = transaction;
        for (var i = 0; i < statements.Count; i++)
        {
            if (!string.Equals(one.CommandText, statements[i].Sql, StringComparison.Ordinal))
            {
                one.CommandText = statements[i].Sql;
            }
            one.Parameters.Clear();
            one.Parameters.AddRange(statements[i].Parameters);
            affected[i] = await one.ExecuteNonQueryAsync(ct);
        }
        return affected;
    }
}
