using System.IO.Pipes;

namespace Uet.TestInfrastructure.Tests;

public sealed class ShutdownSignalTests
{
    [Fact]
    public async Task The_end_of_standard_input_asks_for_the_stop()
    {
        using var writer = new AnonymousPipeServerStream(PipeDirection.Out);
        using var reader = new AnonymousPipeClientStream(PipeDirection.In, writer.ClientSafePipeHandle);
        using var shutdown = new ShutdownSignal(reader);
        var requested = shutdown.Requested;

        await writer.WriteAsync("still here\n"u8.ToArray());
        await writer.FlushAsync();
        Assert.False(shutdown.Token.IsCancellationRequested);

        writer.Dispose();
        await requested.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.True(shutdown.Token.IsCancellationRequested);
        Assert.Equal("standard input closed", shutdown.Reason);
    }
}
