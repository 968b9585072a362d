using Hidamari.Portal.Features.Leases;
using Hidamari.Portal.Features.Leases.CriticalDates;
using static Hidamari.Tests.Features.Leases.LeaseExamples;

namespace Hidamari.Tests.Features.Leases;

[Trait("Category", "Leases")]
public sealed class CriticalDatesTests
{
    // A two-year lease from 2024-04-01 ends 2026-03-31; with two months' notice the deadline is 2026-01-31.
    private static readonly Lease Lease = Signed(Terms(new DateOnly(2024, 4, 1), noticeMonths: 2));
    private static readonly DateOnly NoticeDeadline = new(2026, 1, 31);

    [Fact]
    public void A_lease_has_a_notice_deadline_and_a_renewal()
    {
        var dates = LeaseCriticalDates.Of(Lease, new DateOnly(2025, 1, 1)).ToList();

        Assert.Equal([(CriticalDateKind.NoticeDeadline, NoticeDeadline), (CriticalDateKind.Renewal, new DateOnly(2026, 3, 31))],
            dates.Select(d => (d.Kind, d.On)));
    }

    [Fact]
    public void A_critical_date_appears_on_the_first_day_of_its_window_and_not_the_day_before()
    {
        const int window = 60;
        var firstDay = NoticeDeadline.AddDays(-window);

        var dayBefore = LeaseCriticalDates.Within([Lease], firstDay.AddDays(-1), window);
        var onFirstDay = LeaseCriticalDates.Within([Lease], firstDay, window);

        Assert.DoesNotContain(dayBefore, d => d.Kind == CriticalDateKind.NoticeDeadline);
        var notice = Assert.Single(onFirstDay);
        Assert.Equal((CriticalDateKind.NoticeDeadline, NoticeDeadline, window), (notice.Kind, notice.On, notice.DaysFrom(firstDay)));
    }

    [Fact]
    public void A_critical_date_stays_until_its_day_and_is_gone_the_day_after()
    {
        Assert.Contains(LeaseCriticalDates.Within([Lease], NoticeDeadline, 90), d => d.Kind == CriticalDateKind.NoticeDeadline);
        Assert.DoesNotContain(LeaseCriticalDates.Within([Lease], NoticeDeadline.AddDays(1), 90), d => d.Kind == CriticalDateKind.NoticeDeadline);
    }

    [Fact]
    public void A_recorded_renewal_moves_the_dates_to_the_new_term()
    {
        var renewed = Lease.Apply(new LeaseRenewed(Lease.Id, new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31), new DateOnly(2028, 3, 31), 150_000));

        var dates = LeaseCriticalDates.Of(renewed, new DateOnly(2026, 4, 1)).ToList();

        Assert.Equal([new DateOnly(2028, 1, 31), new DateOnly(2028, 3, 31)], dates.Select(d => d.On));
    }

    [Fact]
    public void An_automatic_renewal_rolls_on_by_its_term_when_no_renewal_was_recorded()
    {
        var automatic = Signed(Terms(new DateOnly(2020, 4, 1), renewal: RenewalKind.Automatic, noticeMonths: 3));

        var dates = LeaseCriticalDates.Of(automatic, new DateOnly(2026, 11, 27)).ToList();

        // Terms end 2022-03-31, 2024-03-31, 2026-03-31, then 2028-03-31.
        Assert.Equal([(CriticalDateKind.NoticeDeadline, new DateOnly(2027, 12, 31)), (CriticalDateKind.Renewal, new DateOnly(2028, 3, 31))],
            dates.Select(d => (d.Kind, d.On)));
    }

    [Fact]
    public void A_fixed_term_lease_expires_and_a_terminated_one_only_has_its_move_out()
    {
        var fixedTerm = Signed(Terms(new DateOnly(2024, 4, 1), renewal: RenewalKind.FixedTerm, noticeMonths: 0));
        var terminated = Lease.Apply(new LeaseTerminated(Lease.Id, new DateOnly(2025, 5, 1), new DateOnly(2025, 7, 31), 0, 0));

        Assert.Equal([(CriticalDateKind.Expiry, new DateOnly(2026, 3, 31))], LeaseCriticalDates.Of(fixedTerm, new DateOnly(2025, 1, 1)).Select(d => (d.Kind, d.On)));
        Assert.Equal([(CriticalDateKind.MoveOut, new DateOnly(2025, 7, 31))], LeaseCriticalDates.Of(terminated, new DateOnly(2025, 6, 1)).Select(d => (d.Kind, d.On)));
        Assert.Empty(LeaseCriticalDates.Of(terminated, new DateOnly(2025, 8, 1)));
    }
}
