namespace Uet.Bench;

/// <summary>Tiny "--name value" parsing shared by the benchmarks.</summary>
internal static class BenchArgs
{
    public static string? Value(string[] args, string name)
    {
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == name)
            {
                return args[i + 1];
            }
        }
        return null;
    }

    public static int Int(string[] args, string name, int fallback) =>
        Value(args, name) is { } text && int.TryParse(text, out var value) ? value : fallback;

    public static int[] Ints(string[] args, string name, int[] fallback) =>
        Value(args, name) is { } text ? text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray() : fallback;
}
