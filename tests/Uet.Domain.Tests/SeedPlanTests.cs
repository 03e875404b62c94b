using System.Text.Json;

namespace Uet.Domain.Tests;

/// <summary>The prototype's real plan (34 files, arrays, directory prefixes, a 17-way fan-in) is the real-world check.</summary>
public class SeedPlanTests
{
    private static PlanReport InspectSeedPlan() =>
        PlanInspector.Inspect("seed-plan", PlanSource.ReadFiles(ReferencePlans.SeedPlan), new InspectOptions());

    [ReferenceFact]
    public void The_seed_plan_is_valid()
    {
        var files = PlanSource.ReadFiles(ReferencePlans.SeedPlan);
        Assert.Equal(34, files.Count);

        var report = InspectSeedPlan();

        Assert.True(report.IsValid, string.Join("\n", JsonPlans.Errors(report).Select(d => $"{d.File}:{d.Line} {d.Code} {d.Message}")));
        Assert.Equal(36, report.Plan!.Workstreams.Count);
        var analysis = report.Analysis!;
        Assert.Equal(36, analysis.WorkstreamCount);

        // The 17-way fan-in shows as a bottleneck, and ordered directory-prefix overlaps are not conflicts.
        var fanIn = analysis.Bottlenecks.Single(b => b.WorkstreamId == "ws-18-update-infrastructure-scripts");
        Assert.Equal(17, fanIn.Dependencies);
        Assert.Contains(analysis.Conflicts, c => c.First == "ws-16-refactor-core-orchestration" && c.Second == "ws-25-pipeline-plus-phase2-patch-manager");
        Assert.DoesNotContain(analysis.Conflicts, c => c.First == "ws-15-refactor-core-state" && c.Second == "ws-16-refactor-core-orchestration");
        Assert.Equal(analysis.Levels.Count, analysis.CriticalPath.Count);
        Assert.Equal("ws-20-final-documentation-mapping", analysis.CriticalPath[^1]);
        Assert.Equal(36, analysis.Waves.Sum(w => w.Count));
    }

    [ReferenceFact]
    public void The_seed_plan_gives_the_same_report_on_every_run()
    {
        var first = JsonSerializer.Serialize(InspectSeedPlan());
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(first, JsonSerializer.Serialize(InspectSeedPlan()));
        }
    }

    [ReferenceFact]
    public void Every_seed_plan_diagnostic_points_at_a_file_and_workstream()
    {
        var report = InspectSeedPlan();
        Assert.NotEmpty(report.Diagnostics);
        Assert.All(report.Diagnostics, d =>
        {
            Assert.NotNull(d.File);
            Assert.NotNull(d.WorkstreamId);
            Assert.NotNull(d.Field);
            Assert.NotNull(d.Line);
            Assert.False(string.IsNullOrWhiteSpace(d.Fix));
        });
    }
}
