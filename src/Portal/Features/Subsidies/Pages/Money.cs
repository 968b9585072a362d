using System.Globalization;

namespace Hidamari.Portal.Features.Subsidies.Pages;

/// Yen and thousand-yen figures as offices write them: 125,920 and 34,098.
public static class Money
{
    public static string Yen(long yen) => yen.ToString("N0", CultureInfo.InvariantCulture);

    /// 千円 with the stated rule: whole thousands are exact; anything else is shown with one decimal.
    public static string Thousands(long yen) => yen % 1000 == 0
        ? (yen / 1000).ToString("N0", CultureInfo.InvariantCulture)
        : (yen / 1000m).ToString("N1", CultureInfo.InvariantCulture);
}
