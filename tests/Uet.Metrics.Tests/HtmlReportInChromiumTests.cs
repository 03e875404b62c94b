using Microsoft.Playwright;

using StbImageSharp;

using Uet.Metrics.Analysis;
using Uet.Metrics.Reports;
using Uet.Metrics.Tests.Infrastructure;

using Xunit.Abstractions;

namespace Uet.Metrics.Tests;

/// <summary>The HTML report as a person sees it: rendered by headless Chromium (Debian's package, no browser download), offline.</summary>
public sealed class HtmlReportInChromiumTests(ITestOutputHelper output)
{
    [ChromiumFact]
    public async Task The_report_renders_offline_to_a_picture_that_is_not_blank_and_shows_the_gantt_bars()
    {
        var html = HtmlReportRenderer.Render(new RunReport(RunMetricsCalculator.Calculate(KnownRun.Events().Events)));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium.Path, Headless = true });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 900 } });
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);
        // Offline: any request would fail (and is counted above).
        await page.RouteAsync("**/*", route => route.AbortAsync());
        await page.SetContentAsync(html, new PageSetContentOptions { WaitUntil = WaitUntilState.Load });

        Assert.Empty(requests);
        Assert.Equal(4, await page.Locator("svg.gantt g.ws-bar").CountAsync());
        Assert.Equal(3, await page.Locator("svg.gantt g.ws-bar.critical").CountAsync());
        var chart = await page.Locator("svg.gantt").BoundingBoxAsync();
        Assert.NotNull(chart);
        Assert.True(chart.Width > 800 && chart.Height > 100, $"the chart is {chart.Width}x{chart.Height}");

        var pagePng = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true });
        var chartPng = await page.Locator("svg.gantt").ScreenshotAsync();
        var saved = Path.Combine(Path.GetTempPath(), "uet-report-known.png");
        await File.WriteAllBytesAsync(saved, pagePng);
        output.WriteLine($"screenshot: {saved}");

        var picture = Decode(pagePng);
        Assert.True(picture.Width >= 1000 && picture.Height > 900, $"page picture is {picture.Width}x{picture.Height}");
        Assert.True(picture.NonWhiteFraction > 0.03, $"only {picture.NonWhiteFraction:P1} of the page is not white");
        Assert.True(picture.DistinctColours > 50, $"only {picture.DistinctColours} colours on the page");

        // The chart shows the outcomes' colours: integrated, failed and conflict bars are all there (a legend swatch alone is 144 pixels).
        var gantt = Decode(chartPng);
        foreach (var outcome in new[] { AttemptOutcomes.Integrated, AttemptOutcomes.Failed, AttemptOutcomes.Conflict })
        {
            var colour = GanttChart.OutcomeColours[outcome];
            Assert.True(gantt.Count(colour) > 400, $"{outcome} ({colour}): {gantt.Count(colour)} pixels in the chart");
        }
    }

    private static Picture Decode(byte[] png)
    {
        var image = ImageResult.FromMemory(png, ColorComponents.RedGreenBlue);
        return new Picture(image.Width, image.Height, image.Data);
    }

    private sealed record Picture(int Width, int Height, byte[] Rgb)
    {
        private IEnumerable<int> Pixels()
        {
            for (var i = 0; i + 2 < Rgb.Length; i += 3)
            {
                yield return (Rgb[i] << 16) | (Rgb[i + 1] << 8) | Rgb[i + 2];
            }
        }

        public double NonWhiteFraction => Pixels().Count(p => p != 0xFFFFFF) / (double)(Width * Height);

        public int DistinctColours => Pixels().Distinct().Count();

        /// <summary>Pixels within a small distance of <c>#rrggbb</c> (anti-aliasing and colour management shift edges a little).</summary>
        public int Count(string hex)
        {
            var target = Convert.ToInt32(hex[1..], 16);
            return Pixels().Count(p =>
                Math.Abs(((p >> 16) & 0xFF) - ((target >> 16) & 0xFF)) <= 6
                && Math.Abs(((p >> 8) & 0xFF) - ((target >> 8) & 0xFF)) <= 6
                && Math.Abs((p & 0xFF) - (target & 0xFF)) <= 6);
        }
    }
}

/// <summary>Where Chromium is: <c>UET_CHROMIUM</c>, else Debian's <c>/usr/bin/chromium</c>.</summary>
public static class Chromium
{
    public static string Path => Environment.GetEnvironmentVariable("UET_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
}

/// <summary>A fact that needs Chromium: skipped, with the reason, when there is none.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (!File.Exists(Chromium.Path))
        {
            Skip = $"no Chromium at {Chromium.Path}: install Debian's package (apt-get install chromium) or set UET_CHROMIUM to a Chromium binary.";
        }
    }
}
