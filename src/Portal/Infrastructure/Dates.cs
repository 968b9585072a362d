namespace Hidamari.Portal.Infrastructure;

public static class Dates
{
    /// The earliest date the portal accepts: the start of the Meiji era table is far enough back for any facility.
    public static readonly DateOnly Earliest = new(1900, 1, 1);
    public static readonly DateOnly Latest = new(2100, 12, 31);

    public static bool IsPlausible(DateOnly date) => date >= Earliest && date <= Latest;
}
