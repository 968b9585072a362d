using System.Security.Cryptography;
using FluentValidation;
using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;
using Marten;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Staff.Compliance;

/// <summary>
/// 現員 by age band, children in therapy and SGC groups of a facility for a month (from <see cref="Month"/>, the
/// first of it, until a later month is recorded). Entered on the compliance page until the facilities feature records
/// residents itself; a correction for the same month is a new event that wins.
/// </summary>
public sealed record StaffingInputsRecorded(
    Guid FacilityId, DateOnly Month, int Infants, int Toddlers, int PreSchool, int SchoolAge, int ReceivingTherapy, int SmallGroupUnits);

public sealed record MonthlyStaffingInputs(DateOnly Month, StaffingInputs Inputs);

/// The stream of one facility's staffing inputs (one stream per facility, its id derived from the facility's).
public sealed record FacilityStaffingInputs(Guid Id, Guid FacilityId, IReadOnlyList<MonthlyStaffingInputs> Months)
{
    public long Version { get; set; }

    public static FacilityStaffingInputs Create(StaffingInputsRecorded e) => new(StreamIdFor(e.FacilityId), e.FacilityId, [Entry(e)]);

    public FacilityStaffingInputs Apply(StaffingInputsRecorded e) =>
        this with { Months = [.. Months.Where(m => m.Month != e.Month), Entry(e)] };

    /// The inputs of the latest month on or before the date.
    public MonthlyStaffingInputs? AsOf(DateOnly date) => Months.Where(m => m.Month <= date).MaxBy(m => m.Month);

    private static MonthlyStaffingInputs Entry(StaffingInputsRecorded e) =>
        new(e.Month, new StaffingInputs(new ResidentCounts(e.Infants, e.Toddlers, e.PreSchool, e.SchoolAge), e.ReceivingTherapy, e.SmallGroupUnits));

    /// A stable stream id per facility, so that inputs never share the facility's own stream.
    public static Guid StreamIdFor(Guid facilityId)
    {
        Span<byte> bytes = stackalloc byte[16 + 16];
        "staffing-inputs:"u8.CopyTo(bytes);
        facilityId.TryWriteBytes(bytes[16..]);
        var hash = SHA256.HashData(bytes)[..16];
        hash[6] = (byte)((hash[6] & 0x0F) | 0x30);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash);
    }
}

/// Record the month's inputs for a facility.
public sealed record RecordStaffingInputs(
    DateOnly Month, int Infants, int Toddlers, int PreSchool, int SchoolAge, int ReceivingTherapy, int SmallGroupUnits);

public sealed class RecordStaffingInputsValidator : AbstractValidator<RecordStaffingInputs>
{
    public RecordStaffingInputsValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(c => c.Month).Must(Dates.IsPlausible).WithMessage(_ => text["Validation.DatePlausible"]);
        foreach (var count in new System.Linq.Expressions.Expression<Func<RecordStaffingInputs, int>>[]
                 { c => c.Infants, c => c.Toddlers, c => c.PreSchool, c => c.SchoolAge, c => c.ReceivingTherapy })
            RuleFor(count).InclusiveBetween(0, 500).WithMessage(_ => text["Validation.Staff.CountRange", 0, 500]);
        RuleFor(c => c.SmallGroupUnits).InclusiveBetween(0, 20).WithMessage(_ => text["Validation.Staff.CountRange", 0, 20]);
        RuleFor(c => c.ReceivingTherapy).LessThanOrEqualTo(c => c.Infants + c.Toddlers + c.PreSchool + c.SchoolAge)
            .WithMessage(_ => text["Validation.Staff.TherapyAboveResidents"]);
    }
}

public static class RecordingStaffingInputs
{
    public static StaffingInputsRecorded Decide(Guid facilityId, RecordStaffingInputs c) =>
        new(facilityId, new DateOnly(c.Month.Year, c.Month.Month, 1), c.Infants, c.Toddlers, c.PreSchool, c.SchoolAge, c.ReceivingTherapy, c.SmallGroupUnits);
}

/// Where the compliance view gets residents by age band for a facility and date.
public sealed record RecordedInputs(DateOnly Month, StaffingInputs Inputs, string SourceKey);

/// <summary>
/// The adapter between compliance and wherever residents are recorded. Today that is the inputs entered on the
/// compliance page; when the facilities feature records residents by age band, a second implementation reads those and
/// this one stays as the fallback for months the facility has not recorded.
/// </summary>
public interface IResidentCountsSource
{
    Task<RecordedInputs?> FindAsync(TenantInfo tenant, Guid facilityId, DateOnly asOf, CancellationToken ct);
}

public sealed class RecordedStaffingInputsSource(TenantStores stores) : IResidentCountsSource
{
    public async Task<RecordedInputs?> FindAsync(TenantInfo tenant, Guid facilityId, DateOnly asOf, CancellationToken ct)
    {
        await using var session = stores.QuerySession(tenant);
        var inputs = await session.LoadAsync<FacilityStaffingInputs>(FacilityStaffingInputs.StreamIdFor(facilityId), ct);
        return inputs?.AsOf(asOf) is { } month ? new RecordedInputs(month.Month, month.Inputs, "Staff.InputsSource.CompliancePage") : null;
    }
}
