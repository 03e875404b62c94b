using Uet.Contracts.Plans;
using Uet.Domain.Validation;

namespace Uet.Domain.Loading;

/// <summary>Reads every bundle file; files are independent, so large plans are read in parallel, results kept in file order.</summary>
internal static class BundleLoading
{
    public static List<LoadedBundle> ReadAll(PlanFile[] files, bool hasDefaultTool, DiagnosticSink sink)
    {
        var bundles = new List<LoadedBundle>[files.Length];
        var sinks = new DiagnosticSink[files.Length];
        Parallel.For(0, files.Length, new ParallelOptions { MaxDegreeOfParallelism = files.Length > 8 ? Environment.ProcessorCount : 1 }, i =>
        {
            bundles[i] = [];
            sinks[i] = new DiagnosticSink();
            BundleReader.ReadFile(new SourceText(files[i].Path, files[i].Content), hasDefaultTool, bundles[i], sinks[i]);
        });
        var all = new List<LoadedBundle>(bundles.Sum(b => b.Count));
        for (var i = 0; i < files.Length; i++)
        {
            all.AddRange(bundles[i]);
            foreach (var d in sinks[i].Items)
            {
                sink.Add(d);
            }
        }
        return all;
    }
}
