namespace Hidamari.Portal.Features.Leases.CriticalDates;

/// What falls due on a critical date.
public enum CriticalDateKind
{
    /// 通知期限: the last day to give notice of non-renewal or cancellation (the term's end minus the notice period).
    NoticeDeadline,
    /// 更新日: the current term ends and the lease renews (or continues by law) the next day.
    Renewal,
    /// 契約満了: a fixed-term lease (定期借家) ends.
    Expiry,
    /// 退去日: a terminated lease's move-out day.
    MoveOut,
}

public sealed record CriticalDate(Guid LeaseId, Guid GroupHomeId, CriticalDateKind Kind, DateOnly On)
{
    /// Days from <paramref name="today"/> until the date (0 = today).
    public int DaysFrom(DateOnly today) => On.DayNumber - today.DayNumber;
}

/// A critical date with the names the list, calendar and card show.
public sealed record CriticalDateItem(CriticalDate Date, string GroupHomeName, string Landlord, string Address);

public static class LeaseCriticalDates
{
    /// <summary>
    /// The dates of a lease still ahead of <paramref name="today"/> (today included). An automatically renewing lease
    /// whose recorded term has passed rolls on by its renewal term, so its next renewal is always shown.
    /// </summary>
    public static IEnumerable<CriticalDate> Of(Lease lease, DateOnly today)
    {
        if (lease.Termination is { } end)
        {
            if (end.MoveOutOn >= today) yield return new(lease.Id, lease.GroupHomeId, CriticalDateKind.MoveOut, end.MoveOutOn);
            yield break;
        }

        var termEnd = lease.EndsOn;
        if (lease.Terms.Renewal == RenewalKind.Automatic && lease.Terms.RenewalTermMonths > 0)
        {
            while (termEnd < today)
                termEnd = termEnd.AddMonths(lease.Terms.RenewalTermMonths);
        }

        if (lease.Terms.NoticePeriodMonths > 0 && NoticeDeadline(termEnd, lease.Terms.NoticePeriodMonths) is var notice && notice >= today)
            yield return new(lease.Id, lease.GroupHomeId, CriticalDateKind.NoticeDeadline, notice);
        if (termEnd >= today)
            yield return new(lease.Id, lease.GroupHomeId,
                lease.Terms.Renewal == RenewalKind.FixedTerm ? CriticalDateKind.Expiry : CriticalDateKind.Renewal, termEnd);
    }

    /// 予告期限: N months before the term ends, e.g. a term ending 2026-03-31 with 2 months' notice → 2026-01-31.
    public static DateOnly NoticeDeadline(DateOnly termEnd, int noticeMonths) => termEnd.AddMonths(-noticeMonths);

    /// <summary>
    /// The dates inside the warning window: from <paramref name="today"/> through <paramref name="today"/> +
    /// <paramref name="windowDays"/>, both included. A date therefore appears on the first day of its window, exactly
    /// <paramref name="windowDays"/> days ahead, and stays until its day has passed.
    /// </summary>
    public static IReadOnlyList<CriticalDate> Within(IEnumerable<Lease> leases, DateOnly today, int windowDays)
    {
        var last = today.AddDays(windowDays);
        return leases.SelectMany(l => Of(l, today)).Where(d => d.On >= today && d.On <= last)
            .OrderBy(d => d.On).ThenBy(d => d.Kind).ToList();
    }
}
