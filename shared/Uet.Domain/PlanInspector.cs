using Uet.Contracts.Plans;
using Uet.Domain.Analysis;
using Uet.Domain.Loading;
using Uet.Domain.Validation;

namespace Uet.Domain;

/// <summary>Options of a dry run; command-line flags end up here.</summary>
public sealed record InspectOptions
{
    /// <summary>Overrides plan.json <c>max_workers</c>.</summary>
    public int? MaxWorkers { get; init; }

    /// <summary>A checkout of the target repository: context sizes are then measured from the files in scope.</summary>
    public string? RepoPath { get; init; }

    /// <summary>Context window per tool name, overriding the tool profiles.</summary>
    public IReadOnlyDictionary<string, long>? ContextWindows { get; init; }
}

/// <summary>The outcome of a dry run: the loaded plan (null when it could not be read at all), findings, and the analysis of a valid plan.</summary>
public sealed record PlanReport(PlanDocument? Plan, IReadOnlyList<PlanDiagnostic> Diagnostics, PlanAnalysis? Analysis)
{
    public bool IsValid => Plan is not null && !Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}

/// <summary>Loads, validates and (when valid) analyses a plan. Pure: the same files give the same report.</summary>
public static class PlanInspector
{
    /// <exception cref="PlanInputException"><see cref="InspectOptions.RepoPath"/> does not exist.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="InspectOptions.MaxWorkers"/> is below 1.</exception>
    public static PlanReport Inspect(string planName, IReadOnlyList<PlanFile> files, InspectOptions options)
    {
        if (options.MaxWorkers is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxWorkers, "max workers must be at least 1.");
        }
        var repository = options.RepoPath is null ? null : RepositoryFiles.Scan(options.RepoPath);

        var sink = new DiagnosticSink();
        var ordered = files.OrderBy(f => f.Path, StringComparer.Ordinal).ToArray();
        var settingsFile = ordered.FirstOrDefault(f => f.Path == SettingsReader.FileName);
        var settings = LoadedSettings.Defaults;
        var settingsReadable = true;
        if (settingsFile is not null)
        {
            var read = SettingsReader.Read(new SourceText(settingsFile.Path, settingsFile.Content), sink);
            settingsReadable = read is not null;
            settings = read ?? settings;
        }
        if (options.MaxWorkers is { } workers)
        {
            settings = settings with { Settings = settings.Settings with { MaxWorkers = workers } };
        }

        var bundleFiles = ordered.Where(f => f.Path != SettingsReader.FileName).ToArray();
        var bundles = BundleLoading.ReadAll(bundleFiles, settings.Settings.DefaultTool is not null, sink);
        if (bundles.Count == 0 && !sink.HasErrors)
        {
            sink.Error(DiagnosticCodes.NoWorkstreams, "The plan has no workstreams.",
                "Add at least one workstream bundle (*.json) with an id, files_scope and tasks.", bundleFiles.FirstOrDefault()?.Path);
        }

        var checkedPlan = PlanChecks.Run(bundles, settings, repository, options, sink);
        var document = settingsReadable && bundles.Count > 0
            ? new PlanDocument(settings.Settings.Name ?? planName, settings.Settings, checkedPlan.Workstreams)
            : null;

        // Conflict warnings add no errors, so whether the plan is valid is known now: the analysis can run
        // on the other core while the warnings are worked out.
        PlanAnalysis? analysis = null;
        List<(int A, int B, string Reason)> unordered = [];
        var analyse = document is not null && !sink.HasErrors;
        Parallel.Invoke(
            () => unordered = ConflictWarnings.Check(checkedPlan, sink),
            () => analysis = analyse ? PlanAnalyzer.Analyze(checkedPlan) : null);
        if (analysis is not null)
        {
            var ids = checkedPlan.Graph.Ids;
            analysis = analysis with { Conflicts = unordered.Select(c => new ScopeConflict(ids[c.A], ids[c.B], c.Reason)).ToArray() };
        }
        return new PlanReport(document, sink.Sorted(), analysis);
    }
}
