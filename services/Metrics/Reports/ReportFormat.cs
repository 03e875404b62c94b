using System.Globalization;

namespace Uet.Metrics.Reports;

/// <summary>How the text and HTML reports spell figures: invariant culture, short units.</summary>
public static class ReportFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary><c>0.42s</c>, <c>12.3s</c>, <c>3m 05s</c>, <c>1h 02m 03s</c>.</summary>
    public static string Duration(TimeSpan? value)
    {
        if (value is not { } d)
        {
            return "-";
        }
        if (d < TimeSpan.FromSeconds(10))
        {
            return d.TotalSeconds.ToString("0.00", Invariant) + "s";
        }
        if (d < TimeSpan.FromMinutes(1))
        {
            return d.TotalSeconds.ToString("0.0", Invariant) + "s";
        }
        return d < TimeSpan.FromHours(1)
            ? string.Create(Invariant, $"{(int)d.TotalMinutes}m {d.Seconds:00}s")
            : string.Create(Invariant, $"{(int)d.TotalHours}h {d.Minutes:00}m {d.Seconds:00}s");
    }

    /// <summary>US dollars to 4 decimals: one tool call often costs less than a cent.</summary>
    public static string Usd(decimal? value) => value is { } v ? "$" + v.ToString("0.0000", Invariant) : "-";

    public static string Ratio(double? value) => value is { } v ? v.ToString("0.00", Invariant) + "x" : "-";

    public static string Percent(double? fraction) => fraction is { } f ? (f * 100).ToString("0.0", Invariant) + "%" : "-";

    public static string Percent(decimal? percent) => percent is { } p ? p.ToString("0.0", Invariant) + "%" : "-";

    public static string Number(long value) => value.ToString("#,0", Invariant);

    public static string Time(DateTimeOffset? value) => value is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", Invariant) : "-";
}
