namespace Uet.Integration;

/// <summary>Environment for gates and compensation actions: who is running, and no git variables that would point elsewhere.</summary>
internal static class ScriptEnvironment
{
    public static Dictionary<string, string?> For(Guid runId, string runName, string workstreamId) => new()
    {
        ["UET_RUN_ID"] = runId.ToString(),
        ["UET_RUN_NAME"] = runName,
        ["UET_WORKSTREAM_ID"] = workstreamId,
        // A host started from a git hook inherits these; they would aim the script's git at the user's repository.
        ["GIT_DIR"] = null,
        ["GIT_WORK_TREE"] = null,
        ["GIT_INDEX_FILE"] = null,
    };
}
