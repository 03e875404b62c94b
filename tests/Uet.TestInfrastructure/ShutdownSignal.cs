using System.Runtime.InteropServices;

namespace Uet.TestInfrastructure;

/// <summary>
/// Cancelled when the process should remove its containers and exit: SIGTERM or SIGINT, or the end of standard input.
/// scripts/test.sh holds the other end of that input, so even a test.sh killed with SIGKILL lets the containers go.
/// </summary>
public sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly List<PosixSignalRegistration> _registrations = [];

    public ShutdownSignal(Stream input)
    {
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT })
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true; // ours to handle: remove the containers, then exit
                Stop($"{signal} received");
            }));
        }

        _ = Task.Run(async () =>
        {
            var buffer = new byte[256];
            try
            {
                while (await input.ReadAsync(buffer) > 0)
                {
                }
            }
            catch (IOException)
            {
            }

            Stop("standard input closed");
        });
    }

    public CancellationToken Token => _cancellation.Token;

    /// <summary>Completes when the process is asked to stop.</summary>
    public Task Requested
    {
        get
        {
            var requested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _cancellation.Token.Register(() => requested.TrySetResult());
            return requested.Task;
        }
    }

    public string? Reason { get; private set; }

    private void Stop(string reason)
    {
        lock (_cancellation)
        {
            Reason ??= reason;
        }

        _cancellation.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _cancellation.Dispose();
    }
}
