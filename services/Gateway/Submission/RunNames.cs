using Uet.Contracts;

namespace Uet.Gateway.Submission;

/// <summary>Runs named in URLs (validating and making run names is <see cref="Naming"/>'s, shared with the CLI).</summary>
public static class RunNames
{
    /// <summary>A run named in a URL: its name, or its RunId.</summary>
    public static Guid IdOf(string nameOrId) => Guid.TryParse(nameOrId, out var id) ? id : Naming.RunIdFor(nameOrId);
}
