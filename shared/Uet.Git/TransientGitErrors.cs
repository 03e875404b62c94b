namespace Uet.Git;

/// <summary>
/// Tells a git failure worth retrying (another git process held a lock for a moment) from one that is an
/// answer (a compare-and-swap lost, a ref that exists or does not): only the first kind is retried.
/// </summary>
public static class TransientGitErrors
{
    private static readonly string[] Answers =
    [
        "but expected",
        "reference already exists",
        "unable to resolve reference",
    ];

    public static bool IsTransient(GitException exception) => IsTransient(exception.StandardError);

    public static bool IsTransient(string stderr)
    {
        if (Answers.Any(a => stderr.Contains(a, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        return stderr.Contains(".lock': File exists", StringComparison.OrdinalIgnoreCase)
            || stderr.Contains("index.lock", StringComparison.OrdinalIgnoreCase)
            || stderr.Contains("cannot lock ref", StringComparison.OrdinalIgnoreCase)
            || stderr.Contains("could not lock config file", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A compare-and-swap <c>update-ref</c> lost: the ref is no longer at the value we read.</summary>
    public static bool IsStaleOldValue(GitException exception) =>
        exception.StandardError.Contains("but expected", StringComparison.OrdinalIgnoreCase)
        || exception.StandardError.Contains("reference already exists", StringComparison.OrdinalIgnoreCase)
        || exception.StandardError.Contains("unable to resolve reference", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Errors of a fetch or push that are the remote's answer, not a passing fault: a ref or object it does not
    /// have, a malformed refspec. Everything else (a network error, a hung-up remote, a lock on either side) may
    /// pass, so it is retried.
    /// </summary>
    private static readonly string[] RemoteAnswers =
    [
        "couldn't find remote ref",
        "not our ref",
        "invalid refspec",
        "is not a valid",
        "bad object",
        "no such remote ref",
        "does not match any",
    ];

    public static bool IsTransientRemote(GitException exception) =>
        !RemoteAnswers.Any(a => exception.StandardError.Contains(a, StringComparison.OrdinalIgnoreCase));
}
