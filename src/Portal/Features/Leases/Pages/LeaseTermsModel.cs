namespace Hidamari.Portal.Features.Leases.Pages;

/// The editable form of <see cref="LeaseTerms"/> for the sign and correct forms.
public sealed class LeaseTermsModel
{
    public string Landlord { get; set; } = "";
    public string LandlordContact { get; set; } = "";
    public string Address { get; set; } = "";
    public decimal FloorArea { get; set; } = 100m;
    public string Rooms { get; set; } = "";
    public DateOnly SignedOn { get; set; }
    public DateOnly StartsOn { get; set; }
    public DateOnly EndsOn { get; set; }
    public RenewalKind Renewal { get; set; } = RenewalKind.ByAgreement;
    public int NoticePeriodMonths { get; set; } = 1;
    public int RenewalTermMonths { get; set; } = 24;
    public long MonthlyRent { get; set; }
    public long CommonCharges { get; set; }
    public long Deposit { get; set; }
    public long KeyMoney { get; set; }
    public long BrokerageFee { get; set; }
    public long GuarantorFee { get; set; }
    public long RenewalFee { get; set; }
    public string RestorationObligations { get; set; } = "";

    /// A two-year lease from the first of next month, the common term for a house in Tokyo.
    public static LeaseTermsModel Starting(DateOnly today)
    {
        var starts = new DateOnly(today.Year, today.Month, 1).AddMonths(1);
        return new LeaseTermsModel { SignedOn = today, StartsOn = starts, EndsOn = starts.AddYears(2).AddDays(-1) };
    }

    public static LeaseTermsModel From(LeaseTerms t) => new()
    {
        Landlord = t.Landlord, LandlordContact = t.LandlordContact, Address = t.Address, FloorArea = t.FloorArea, Rooms = t.Rooms,
        SignedOn = t.SignedOn, StartsOn = t.StartsOn, EndsOn = t.EndsOn, Renewal = t.Renewal,
        NoticePeriodMonths = t.NoticePeriodMonths, RenewalTermMonths = t.RenewalTermMonths,
        MonthlyRent = t.MonthlyRent, CommonCharges = t.CommonCharges, Deposit = t.Deposit, KeyMoney = t.KeyMoney,
        BrokerageFee = t.BrokerageFee, GuarantorFee = t.GuarantorFee, RenewalFee = t.RenewalFee,
        RestorationObligations = t.RestorationObligations,
    };

    public LeaseTerms ToTerms() => new(
        Landlord, LandlordContact, Address, FloorArea, Rooms, SignedOn, StartsOn, EndsOn, Renewal,
        NoticePeriodMonths, Renewal == RenewalKind.FixedTerm ? 0 : RenewalTermMonths,
        MonthlyRent, CommonCharges, Deposit, KeyMoney, BrokerageFee, GuarantorFee, Renewal == RenewalKind.FixedTerm ? 0 : RenewalFee,
        RestorationObligations);
}
