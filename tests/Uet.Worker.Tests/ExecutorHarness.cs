using Uet.Contracts;
using Uet.Worker.Execution;
using Uet.Worker.Workspaces;

namespace Uet.Worker.Tests;

/// <summary>A real executor on a real temporary repository, its events recorded.</summary>
internal sealed class ExecutorHarness : IAsyncDisposable
{
    private ExecutorHarness(TestRepo repo, TimeProvider time)
    {
        Repo = repo;
        Options = new WorkerOptions { WorkerId = "test-worker", Slots = 2, DataDir = Path.Combine(repo.Root, "data"), HeartbeatInterval = TimeSpan.FromSeconds(5) };
        Executor = new WorkstreamExecutor(Pool, Events, Options, time);
    }

    public TestRepo Repo { get; }

    public RecordingEvents Events { get; } = new();

    public WorkspacePool Pool { get; } = new();

    public WorkerOptions Options { get; }

    public WorkstreamExecutor Executor { get; }

    public static async Task<ExecutorHarness> CreateAsync(IReadOnlyDictionary<string, string>? files = null, TimeProvider? time = null) =>
        new(await TestRepo.CreateAsync(files), time ?? TimeProvider.System);

    public Task<AttemptOutcome> RunAsync(ExecuteWorkstream message, int slot = 1, CancellationToken ct = default) =>
        Executor.ExecuteAsync(message, slot, ct);

    public string Worktree(int slot = 1) => WorkspacePool.WorktreePath(Repo.StateDir, Options.WorkerId, slot);

    public async ValueTask DisposeAsync()
    {
        await Pool.RemoveAllAsync();
        Repo.Dispose();
    }
}
