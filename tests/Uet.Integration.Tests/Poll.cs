namespace Uet.Integration.Tests;

/// <summary>Waits for a condition with a deadline, yielding between looks (never a fixed sleep standing in for an event).</summary>
public static class Poll
{
    public static async Task<bool> UntilAsync(Func<bool> condition, TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        while (!condition())
        {
            try
            {
                await tick.WaitForNextTickAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                return condition();
            }
        }

        return true;
    }
}
