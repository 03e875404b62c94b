using System.Text.RegularExpressions;

using Uet.Contracts;

namespace Uet.Gateway.Submission;

/// <summary>Run names as <c>uet run --run-id</c> accepts them: they become part of branch names.</summary>
public static partial class RunNames
{
    public static bool IsValid(string name) => Pattern().IsMatch(name) && !name.Contains("..", StringComparison.Ordinal);

    public static string New(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return $"{time.GetUtcNow():yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 2))}";
    }

    /// <summary>A run named in a URL: its name, or its RunId.</summary>
    public static Guid IdOf(string nameOrId) => Guid.TryParse(nameOrId, out var id) ? id : Naming.RunIdFor(nameOrId);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex Pattern();
}
