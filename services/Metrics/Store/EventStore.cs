using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

using Uet.Persistence;

namespace Uet.Metrics.Store;

/// <summary>
/// Appends events: <c>INSERT ... ON CONFLICT (MessageId) DO NOTHING</c> (PostgreSQL and SQLite 3.24+), so a redelivered
/// message, or one consumed by two replicas at once, stores nothing and raises nothing. The statement is built once
/// per model from EF Core's mapping (table, schema, columns, type mappings).
/// Appends that arrive together are written together: one writer takes whatever is queued and stores it in one
/// transaction (a group commit; on PostgreSQL its inserts go in one round trip), and each caller's task completes only once its row is committed, so a consumer
/// still acknowledges its message only after the event is stored. A run publishes about a dozen events per
/// workstream; one transaction each was most of the store's cost.
/// </summary>
public sealed class EventStore(IDbContextFactory<MetricsDbContext> dbFactory, TimeProvider time) : IAsyncDisposable
{
    private const int MaxBatch = 256;
    private static readonly ConditionalWeakTable<IModel, InsertStatement> Statements = new();

    private readonly Channel<PendingAppend> _queue = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _writerLock = new();
    private Task? _writer;

    /// <summary>Stores one message; false when a message with that id is stored already.</summary>
    public Task<bool> AppendAsync(Guid messageId, object message, DateTimeOffset? sentTime, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var type = EventCatalog.For(message.GetType());
        var key = type.Key(message);
        var recordedAt = time.GetUtcNow();
        var row = new StoredEvent
        {
            MessageId = messageId,
            RunId = key.RunId,
            WorkstreamId = key.WorkstreamId,
            Attempt = key.Attempt,
            Type = type.Name,
            Time = (key.Time ?? sentTime ?? recordedAt).UtcDateTime,
            RecordedAt = recordedAt.UtcDateTime,
            Body = MetricsJson.Serialize(message),
        };

        var pending = new PendingAppend(row);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(EventStore));
        }
        EnsureWriter();
        // A cancelled caller stops waiting; its row may still be stored, which a redelivery then finds.
        return pending.Stored.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writer is { } writer)
        {
            await writer;
        }
    }

    private void EnsureWriter()
    {
        if (_writer is not null)
        {
            return;
        }
        lock (_writerLock)
        {
            _writer ??= Task.Run(WriteLoopAsync);
        }
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingAppend>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }
            try
            {
                var stored = await WriteAsync(batch);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Stored.TrySetResult(stored[i]);
                }
            }
            catch (Exception e)
            {
                // Nothing of the batch is committed: every caller fails, and the consumers' retries store them again.
                foreach (var pending in batch)
                {
                    pending.Stored.TrySetException(e);
                }
            }
            batch.Clear();
        }
    }

    private async Task<bool[]> WriteAsync(List<PendingAppend> batch)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var statement = Statements.GetValue(db.Model, _ => InsertStatement.Build(db));
        await db.Database.OpenConnectionAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var connection = db.Database.GetDbConnection();
        // The type mappings make parameters from a command; this one only lends them its provider.
        await using var scratch = connection.CreateCommand();
        var inserts = batch.Select(pending => new SqlStatement(statement.Sql, statement.Bind(scratch, pending.Row))).ToList();
        // A row per statement, so each says whether it was new.
        var affected = await StatementBatch.ExecuteAsync(connection, transaction.GetDbTransaction(), inserts);
        await transaction.CommitAsync();
        return [.. affected.Select(rows => rows == 1)];
    }

    private sealed record PendingAppend(StoredEvent Row)
    {
        public TaskCompletionSource<bool> Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record InsertStatement(string Sql, IReadOnlyList<EntityColumn> Columns)
    {
        /// <summary>The row's values as parameters, each made (and its value converted) by its type mapping, exactly as EF Core would.</summary>
        public DbParameter[] Bind(DbCommand maker, StoredEvent row)
        {
            var parameters = new DbParameter[Columns.Count];
            for (var c = 0; c < Columns.Count; c++)
            {
                parameters[c] = Columns[c].Parameter(maker, c, Columns[c].Property.GetGetter().GetClrValue(row));
            }
            return parameters;
        }

        public static InsertStatement Build(DbContext db)
        {
            var table = EntityTable.For<StoredEvent>(db);
            // Sequence is generated by the database (AUTOINCREMENT / identity).
            var columns = table.Columns.Where(c => c.Property.Name != nameof(StoredEvent.Sequence)).ToList();
            return new InsertStatement(table.InsertSql(columns, yieldOn: table.Column(nameof(StoredEvent.MessageId))), columns);
        }
    }
}
