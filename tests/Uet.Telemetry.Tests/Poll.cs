namespace Uet.Telemetry.Tests;

/// <summary>Waits for a condition by polling until a deadline: the only waiting tests do.</summary>
internal static class Poll
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    public static async Task<T> UntilAsync<T>(Func<T?> probe, Func<string> what, TimeSpan? timeout = null)
        where T : class
    {
        var limit = timeout ?? DefaultTimeout;
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            if (probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up waiting for {what()} after {limit.TotalSeconds} s.");
            }

            await Task.Delay(20);
        }
    }
}
