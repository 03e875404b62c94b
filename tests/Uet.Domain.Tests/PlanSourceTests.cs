namespace Uet.Domain.Tests;

public sealed class PlanSourceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("uet-plan-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_folder_gives_its_json_files_with_relative_paths_sorted_ordinally()
    {
        File.WriteAllText(Path.Combine(_dir, "b.json"), "{}");
        File.WriteAllText(Path.Combine(_dir, "B.json"), "[]");
        File.WriteAllText(Path.Combine(_dir, "plan.json"), "{\"max_workers\": 2}");
        File.WriteAllText(Path.Combine(_dir, "notes.md"), "not a bundle");
        Directory.CreateDirectory(Path.Combine(_dir, "nested"));
        File.WriteAllText(Path.Combine(_dir, "nested", "deep.json"), "{}");

        var files = PlanSource.ReadFiles(_dir);

        Assert.Equal(["B.json", "b.json", "plan.json"], files.Select(f => f.Path));
        Assert.Equal("[]", files[0].Content);
    }

    [Fact]
    public void A_single_file_is_a_plan_of_one_file()
    {
        var file = Path.Combine(_dir, "one.json");
        File.WriteAllText(file, "{\"id\": \"ws-a\"}");

        var files = PlanSource.ReadFiles(file);

        Assert.Equal("one.json", Assert.Single(files).Path);
    }

    [Fact]
    public void Pointing_at_plan_json_reads_the_whole_folder()
    {
        File.WriteAllText(Path.Combine(_dir, "plan.json"), "{}");
        File.WriteAllText(Path.Combine(_dir, "a.json"), "{}");

        Assert.Equal(["a.json", "plan.json"], PlanSource.ReadFiles(Path.Combine(_dir, "plan.json")).Select(f => f.Path));
    }

    [Fact]
    public void A_missing_path_names_the_path_and_the_fix()
    {
        var missing = Path.Combine(_dir, "nope");
        var error = Assert.Throws<PlanInputException>(() => PlanSource.ReadFiles(missing));
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("folder of *.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_folder_or_one_with_only_settings_is_refused()
    {
        var empty = Assert.Throws<PlanInputException>(() => PlanSource.ReadFiles(_dir));
        Assert.Contains("holds no *.json files", empty.Message, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(_dir, "plan.json"), "{}");
        var onlySettings = Assert.Throws<PlanInputException>(() => PlanSource.ReadFiles(_dir));
        Assert.Contains("only plan.json", onlySettings.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_file_is_reported_by_name()
    {
        // A dangling link is listed like a file but cannot be read (permissions do not stop root).
        File.CreateSymbolicLink(Path.Combine(_dir, "broken.json"), Path.Combine(_dir, "gone.json"));
        var error = Assert.Throws<PlanInputException>(() => PlanSource.ReadFiles(_dir));
        Assert.Contains("broken.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_path_is_refused()
    {
        Assert.Throws<PlanInputException>(() => PlanSource.ReadFiles(" "));
    }
}
