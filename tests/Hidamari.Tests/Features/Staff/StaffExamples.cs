using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Staff;

namespace Hidamari.Tests.Features.Staff;

/// Staff records built from their events, as the projection builds them.
internal static class StaffExamples
{
    public static readonly DateOnly April2024 = new(2024, 4, 1);

    public static StaffRecord Hired(
        JobCategory category, DateOnly? hiredOn = null, EmploymentType employment = EmploymentType.FullTime, decimal weeklyHours = 0,
        decimal priorYears = 0, string name = "山田 花子") =>
        StaffRecord.Create(new StaffMemberHired(Guid.NewGuid(), name, "ヤマダ ハナコ", hiredOn ?? April2024, category, employment, weeklyHours, priorYears));

    public static StaffRecord At(this StaffRecord s, Guid facilityId, DateOnly? from = null, Guid? groupHome = null, string? unit = null) =>
        s.Apply(new StaffAssigned(s.Id, facilityId, groupHome, unit, from ?? s.HiredOn));

    public static StaffRecord Holding(this StaffRecord s, QualificationKind kind, DateOnly? obtained = null, DateOnly? expires = null) =>
        s.Apply(new QualificationRecorded(s.Id, Guid.NewGuid(), kind, null, obtained ?? new DateOnly(2010, 3, 31), expires, null));

    /// A qualified 保育士 working full-time at the facility.
    public static StaffRecord CareWorkerAt(Guid facilityId, DateOnly? hiredOn = null) =>
        Hired(JobCategory.ChildCareWorker, hiredOn).Holding(QualificationKind.ChildCareWorker).At(facilityId);

    public static FacilityOverview ChildrensHome(int capacity, params GroupHomeSummary[] groupHomes) =>
        new(Guid.NewGuid(), FacilityKind.ChildrensHome, "ひだまり学園", "東京都世田谷区", capacity, groupHomes);
}
