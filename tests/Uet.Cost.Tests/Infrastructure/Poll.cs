namespace Uet.Cost.Tests.Infrastructure;

/// <summary>Polls until a condition holds or the deadline passes; no fixed sleeps stand in for synchronisation.</summary>
internal static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan deadline, string what)
    {
        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            var value = await probe();
            if (condition(value))
            {
                return value;
            }
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"timed out after {deadline} waiting for {what}");
            }
            await Task.Delay(50);
        }
    }

    public static Task<T> UntilAsync<T>(Func<T> probe, Func<T, bool> condition, TimeSpan deadline, string what) =>
        UntilAsync(() => Task.FromResult(probe()), condition, deadline, what);
}
