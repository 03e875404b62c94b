namespace Uet.Bench.Runs;

/// <summary>A seeded random DAG: node i depends on up to <c>maxDeps</c> of the <c>window</c> nodes before it.</summary>
internal sealed record RandomDag(IReadOnlyList<IReadOnlyList<int>> Dependencies)
{
    public int Count => Dependencies.Count;

    public static RandomDag Create(int count, int maxDeps, int window, int seed)
    {
        var random = new Random(seed);
        var deps = new List<IReadOnlyList<int>>(count);
        for (var i = 0; i < count; i++)
        {
            var n = i == 0 ? 0 : random.Next(0, maxDeps + 1);
            var chosen = new SortedSet<int>();
            for (var k = 0; k < n; k++)
            {
                chosen.Add(Math.Max(0, i - 1 - random.Next(0, Math.Min(window, i))));
            }

            deps.Add(chosen.ToList());
        }

        return new RandomDag(deps);
    }

    public static string Id(int i) => $"ws-{i:00000}";

    /// <summary>Longest chain in nodes (every node weighs the same).</summary>
    public int CriticalPathNodes()
    {
        var longest = new int[Count];
        for (var i = 0; i < Count; i++)
        {
            longest[i] = 1 + (Dependencies[i].Count == 0 ? 0 : Dependencies[i].Max(d => longest[d]));
        }

        return longest.Max();
    }
}
