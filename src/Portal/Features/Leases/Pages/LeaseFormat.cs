using System.Globalization;
using Hidamari.Portal.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Leases.Pages;

/// How lease pages write money and dates: yen with thousands separators, dates per <see cref="JapaneseDates"/>.
public static class LeaseFormat
{
    public static string Yen(IStringLocalizer text, long amount) => text["Leases.Yen", amount.ToString("N0", CultureInfo.InvariantCulture)];

    /// A plain number with separators, for table cells under a header that already says 円.
    public static string Number(long amount) => amount.ToString("N0", CultureInfo.InvariantCulture);

    public static string Date(DateOnly date) => JapaneseDates.Display(date, CultureInfo.CurrentUICulture);

    public static string Date(DateOnly? date) => date is { } d ? Date(d) : "";
}
