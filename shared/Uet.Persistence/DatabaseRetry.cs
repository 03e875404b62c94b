using MassTransit;

namespace Uet.Persistence;

/// <summary>
/// The retry of every consumer that writes to a database: quick at first (a lost row-lock race or a busy SQLite file
/// clears in milliseconds), then backing off to ride out the database being away for a while (a restart, a fail-over)
/// instead of sending the message to the error queue and leaving its run stuck. About a minute in all.
/// </summary>
public static class DatabaseRetry
{
    public const int DefaultLimit = 15;

    public static void Configure(IRetryConfigurator retry) => Configure(retry, DefaultLimit);

    public static void Configure(IRetryConfigurator retry, int limit)
    {
        ArgumentNullException.ThrowIfNull(retry);
        retry.Exponential(Math.Max(1, limit), TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(8), TimeSpan.FromMilliseconds(100));
    }
}
