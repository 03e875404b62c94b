using System.Collections.Concurrent;

namespace Uet.Domain.Loading;

/// <summary>
/// Names of nested fields (<c>test_gates[0].type</c>), made once and shared: they are passed to every read so
/// that an error can name its field, and building them per read would cost more than the reading itself.
/// </summary>
/// <remarks>The caches are bounded, since a Planner runs for a long time: beyond the limits names are simply built.</remarks>
internal static class FieldNames
{
    private const int CachedIndexes = 64;
    private const int CachedChildren = 4096;

    private static readonly ConcurrentDictionary<(string, int), string> IndexedNames = new();
    private static readonly ConcurrentDictionary<(string, string), string> ChildNames = new();

    public static string Indexed(string field, int index) => index < CachedIndexes
        ? IndexedNames.GetOrAdd((field, index), static key => $"{key.Item1}[{key.Item2}]")
        : $"{field}[{index}]";

    public static string Child(string parent, string child) =>
        ChildNames.TryGetValue((parent, child), out var name) ? name
        : ChildNames.Count < CachedChildren ? ChildNames.GetOrAdd((parent, child), static key => $"{key.Item1}.{key.Item2}")
        : $"{parent}.{child}";
}
