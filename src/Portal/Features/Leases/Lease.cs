namespace Hidamari.Portal.Features.Leases;

/// 更新の種類: how the term of a lease continues past its end date.
public enum RenewalKind
{
    /// 自動更新: the lease renews itself for another term unless either side gives notice.
    Automatic,
    /// 合意更新: renewed by agreement; without one a 普通借家 lease still continues by law (法定更新, 借地借家法 §26).
    ByAgreement,
    /// 定期借家 (借地借家法 §38): ends on its end date; a new lease is a new contract, never a renewal.
    FixedTerm,
}

/// <summary>
/// What the corporation agreed with the landlord, as recorded when signing and replaced as a whole by a correction.
/// Money is integer yen. 敷金 is a refundable deposit, not a cost; 礼金, 仲介手数料 and the guarantor fee are one-off
/// costs paid on <see cref="SignedOn"/>.
/// </summary>
/// <param name="Landlord">貸主: an organisation or a person's name, as the corporation records it.</param>
/// <param name="LandlordContact">連絡先 of the landlord or its agent.</param>
/// <param name="FloorArea">延床面積 in m².</param>
/// <param name="Rooms">間取り, e.g. 5LDK.</param>
/// <param name="SignedOn">契約日: the one-off costs are paid on this day.</param>
/// <param name="StartsOn">契約開始日: rent is due from this day.</param>
/// <param name="EndsOn">契約満了日 of the first term.</param>
/// <param name="NoticePeriodMonths">解約・更新拒絶の予告期間 in months before the end of a term (0 = none).</param>
/// <param name="RenewalTermMonths">更新後の期間 in months (0 for a fixed-term lease).</param>
/// <param name="MonthlyRent">月額賃料</param>
/// <param name="CommonCharges">共益費・管理費 per month</param>
/// <param name="Deposit">敷金</param>
/// <param name="KeyMoney">礼金</param>
/// <param name="BrokerageFee">仲介手数料</param>
/// <param name="GuarantorFee">保証料 (rent guarantee company)</param>
/// <param name="RenewalFee">更新料 agreed per renewal</param>
/// <param name="RestorationObligations">原状回復義務: what must be restored at move-out, as the contract states it.</param>
public sealed record LeaseTerms(
    string Landlord,
    string LandlordContact,
    string Address,
    decimal FloorArea,
    string Rooms,
    DateOnly SignedOn,
    DateOnly StartsOn,
    DateOnly EndsOn,
    RenewalKind Renewal,
    int NoticePeriodMonths,
    int RenewalTermMonths,
    long MonthlyRent,
    long CommonCharges,
    long Deposit,
    long KeyMoney,
    long BrokerageFee,
    long GuarantorFee,
    long RenewalFee,
    string RestorationObligations);

/// A lease of a house for a group home was signed.
public sealed record LeaseSigned(Guid LeaseId, Guid GroupHomeId, LeaseTerms Terms);

/// The rent (and common charges) change from <see cref="EffectiveOn"/>; a revision on the same day as an earlier one replaces it.
public sealed record LeaseRentRevised(Guid LeaseId, DateOnly EffectiveOn, long MonthlyRent, long CommonCharges, string Note);

/// The lease was renewed on <see cref="RenewedOn"/> (更新料 <see cref="Fee"/> paid that day) until <see cref="NewEndsOn"/>.
public sealed record LeaseRenewed(Guid LeaseId, DateOnly RenewedOn, DateOnly PreviousEndsOn, DateOnly NewEndsOn, long Fee);

/// The lease ends: the house is handed back on <see cref="MoveOutOn"/>, the landlord returned <see cref="DepositReturned"/>
/// of the 敷金 and charged <see cref="RestorationCharge"/> for restoration beyond it.
public sealed record LeaseTerminated(Guid LeaseId, DateOnly? NoticeGivenOn, DateOnly MoveOutOn, long DepositReturned, long RestorationCharge);

/// The terms recorded at signing were wrong; these replace them from now on. The earlier events stay as they were.
public sealed record LeaseCorrected(Guid LeaseId, LeaseTerms Terms, string Reason);

/// A document (the contract, a renewal agreement, a photo of the house at move-in) was attached; its bytes are the
/// <see cref="LeaseDocumentContent"/> of the same id, stored in the same transaction.
public sealed record LeaseDocumentAttached(
    Guid LeaseId, Guid DocumentId, string FileName, string ContentType, long Size, string Sha256, string Description);

public sealed record RentRevision(DateOnly EffectiveOn, long MonthlyRent, long CommonCharges, string Note);

public sealed record LeaseRenewal(DateOnly RenewedOn, DateOnly PreviousEndsOn, DateOnly NewEndsOn, long Fee);

public sealed record LeaseTermination(DateOnly? NoticeGivenOn, DateOnly MoveOutOn, long DepositReturned, long RestorationCharge)
{
    /// 敷金 kept by the landlord (restoration, unpaid rent): a cost of the move-out.
    public long DepositKept(long deposit) => Math.Max(0, deposit - DepositReturned);
}

public sealed record LeaseCorrection(DateTimeOffset? RecordedAt, string Reason);

public sealed record LeaseDocument(Guid Id, string FileName, string ContentType, long Size, string Sha256, string Description);

/// <summary>
/// One lease as decisions, costs, critical dates and the register need it: the current terms, the rent history,
/// renewals, the termination and the attached documents. Built inline from the lease's events.
/// </summary>
public sealed record Lease(
    Guid Id,
    Guid GroupHomeId,
    LeaseTerms Terms,
    IReadOnlyList<RentRevision> RentRevisions,
    IReadOnlyList<LeaseRenewal> Renewals,
    LeaseTermination? Termination,
    IReadOnlyList<LeaseCorrection> Corrections,
    IReadOnlyList<LeaseDocument> Documents)
{
    /// Marten's stream version, for optimistic concurrency from the UI and API.
    public long Version { get; set; }

    /// 現在の契約満了日: the end of the term in force.
    public DateOnly EndsOn => Renewals.Count > 0 ? Renewals[^1].NewEndsOn : Terms.EndsOn;

    public bool IsTerminated => Termination is not null;

    /// The last day rent is due: the move-out day, the end of a fixed term, or none while a 普通借家 lease runs on.
    public DateOnly? LastDayOfOccupation => Termination?.MoveOutOn ?? (Terms.Renewal == RenewalKind.FixedTerm ? EndsOn : null);

    /// Rent and common charges in force on <paramref name="date"/>.
    public (long MonthlyRent, long CommonCharges) RentOn(DateOnly date)
    {
        var revision = RentRevisions.Where(r => r.EffectiveOn <= date).MaxBy(r => r.EffectiveOn);
        return revision is null ? (Terms.MonthlyRent, Terms.CommonCharges) : (revision.MonthlyRent, revision.CommonCharges);
    }

    public static Lease Create(LeaseSigned e) => new(e.LeaseId, e.GroupHomeId, e.Terms, [], [], null, [], []);

    public Lease Apply(LeaseRentRevised e) => this with
    {
        RentRevisions = [.. RentRevisions.Where(r => r.EffectiveOn != e.EffectiveOn), new RentRevision(e.EffectiveOn, e.MonthlyRent, e.CommonCharges, e.Note)],
    };

    public Lease Apply(LeaseRenewed e) => this with { Renewals = [.. Renewals, new LeaseRenewal(e.RenewedOn, e.PreviousEndsOn, e.NewEndsOn, e.Fee)] };

    public Lease Apply(LeaseTerminated e) => this with
    {
        Termination = new LeaseTermination(e.NoticeGivenOn, e.MoveOutOn, e.DepositReturned, e.RestorationCharge),
    };

    public Lease Apply(LeaseCorrected e, DateTimeOffset? recordedAt = null) => this with
    {
        Terms = e.Terms,
        Corrections = [.. Corrections, new LeaseCorrection(recordedAt, e.Reason)],
    };

    public Lease Apply(LeaseDocumentAttached e) => this with
    {
        Documents = [.. Documents, new LeaseDocument(e.DocumentId, e.FileName, e.ContentType, e.Size, e.Sha256, e.Description)],
    };
}

/// <summary>The bytes of an attached document, in the tenant's own database beside the event that names it.</summary>
public sealed class LeaseDocumentContent
{
    public Guid Id { get; set; }
    public Guid LeaseId { get; set; }
    public string ContentType { get; set; } = "";
    public byte[] Bytes { get; set; } = [];
}
