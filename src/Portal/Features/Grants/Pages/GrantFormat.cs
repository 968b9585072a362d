using System.Globalization;

namespace Hidamari.Portal.Features.Grants.Pages;

public static class GrantFormat
{
    public static string Yen(long yen) => yen.ToString("N0", CultureInfo.InvariantCulture);

    public static string Yen(long? yen) => yen is { } y ? Yen(y) : "—";

    public static string Stamp(DateTimeOffset at) => at.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
