using Hidamari.Portal.Features.Leases;

namespace Hidamari.Tests.Features.Leases;

/// Leases as a manager records them, for the pure tests.
internal static class LeaseExamples
{
    public static readonly Guid GroupHome = Guid.Parse("0190a000-0000-7000-8000-000000000001");

    public static LeaseTerms Terms(
        DateOnly starts, DateOnly? ends = null, long rent = 150_000, long charges = 0,
        RenewalKind renewal = RenewalKind.ByAgreement, int noticeMonths = 2, DateOnly? signed = null) =>
        new(
            Landlord: "山田太郎", LandlordContact: "03-1234-5678", Address: "東京都世田谷区上馬1-2-3",
            FloorArea: 105.5m, Rooms: "5LDK",
            SignedOn: signed ?? starts.AddDays(-10), StartsOn: starts, EndsOn: ends ?? starts.AddYears(2).AddDays(-1),
            Renewal: renewal, NoticePeriodMonths: noticeMonths, RenewalTermMonths: renewal == RenewalKind.FixedTerm ? 0 : 24,
            MonthlyRent: rent, CommonCharges: charges,
            Deposit: 300_000, KeyMoney: 150_000, BrokerageFee: 165_000, GuarantorFee: 75_000,
            RenewalFee: renewal == RenewalKind.FixedTerm ? 0 : 150_000,
            RestorationObligations: "通常損耗を除き原状回復");

    public static Lease Signed(LeaseTerms terms, params object[] later)
    {
        var lease = Lease.Create(new LeaseSigned(Guid.NewGuid(), GroupHome, terms));
        foreach (var e in later)
        {
            lease = e switch
            {
                LeaseRentRevised r => lease.Apply(r with { LeaseId = lease.Id }),
                LeaseRenewed r => lease.Apply(r with { LeaseId = lease.Id }),
                LeaseTerminated t => lease.Apply(t with { LeaseId = lease.Id }),
                LeaseCorrected c => lease.Apply(c with { LeaseId = lease.Id }),
                _ => throw new ArgumentException($"unexpected {e.GetType().Name}"),
            };
        }
        return lease;
    }
}
