namespace Hidamari.Portal.Features.Staff;

/// <summary>
/// 職種: the post a staff member is employed for. The shape follows seed 001 (措置費の人員配置) and seed 004
/// (staffing by profession). Direct care (直接処遇職員) is 児童指導員 and 保育士; 看護師 and 基幹的職員 count in it too.
/// </summary>
public enum JobCategory
{
    /// 児童指導員
    ChildInstructor,
    /// 保育士
    ChildCareWorker,
    /// 看護師
    Nurse,
    /// 心理療法担当職員
    Psychologist,
    /// 家庭支援専門相談員 (ファミリーソーシャルワーカー)
    FamilySupportSpecialist,
    /// 個別対応職員 (被虐待児個別対応職員)
    IndividualCareWorker,
    /// 栄養士
    Nutritionist,
    /// 調理員
    Cook,
    /// 事務員
    Clerk,
    /// 基幹的職員 (スーパーバイザー)
    SeniorStaff,
    /// 施設長
    Director,
    /// その他
    Other,
}

/// 雇用形態
public enum EmploymentType
{
    /// 常勤
    FullTime,
    /// 非常勤: counted by weekly hours against the full-time week.
    PartTime,
}

/// 資格・免許. Which of them a post needs is in <see cref="Compliance.PostEligibility"/>.
public enum QualificationKind
{
    /// 保育士
    ChildCareWorker,
    /// 社会福祉士
    SocialWorker,
    /// 精神保健福祉士
    PsychiatricSocialWorker,
    /// 公認心理師
    CertifiedPsychologist,
    /// 臨床心理士
    ClinicalPsychologist,
    /// 大学の心理学課程修了 (seed 001: 心理療法担当職員の要件)
    PsychologyDegree,
    /// 看護師
    Nurse,
    /// 栄養士
    Dietitian,
    /// 管理栄養士
    RegisteredDietitian,
    /// 児童指導員任用資格
    ChildInstructorEligibility,
    /// 教員免許
    TeacherLicense,
    /// 児童福祉司任用資格
    ChildWelfareOfficerEligibility,
    /// 調理師
    Cook,
    /// 普通救命講習など期限のある修了証
    FirstAid,
    /// その他
    Other,
}

/// A staff member was hired (入職). Personal data: only managers see the name.
public sealed record StaffMemberHired(
    Guid StaffId, string Name, string NameKana, DateOnly HiredOn, JobCategory Category, EmploymentType Employment,
    decimal WeeklyHours, decimal PriorExperienceYears);

/// 雇用条件の変更: category, employment type or weekly hours change from <see cref="EffectiveOn"/>.
public sealed record StaffEmploymentChanged(
    Guid StaffId, JobCategory Category, EmploymentType Employment, decimal WeeklyHours, DateOnly EffectiveOn);

/// 配置: from <see cref="EffectiveOn"/> the staff member works at a facility (本体施設), optionally in a named unit
/// (ユニット) or at one of its group homes. A null facility means not assigned anywhere from that day.
public sealed record StaffAssigned(Guid StaffId, Guid? FacilityId, Guid? GroupHomeId, string? Unit, DateOnly EffectiveOn);

/// 資格の登録: a qualification obtained on <see cref="ObtainedOn"/>, valid until <see cref="ExpiresOn"/> when it expires.
public sealed record QualificationRecorded(
    Guid StaffId, Guid QualificationId, QualificationKind Kind, string? Title, DateOnly ObtainedOn, DateOnly? ExpiresOn, string? Number);

/// 退職: <see cref="LeftOn"/> is the last day of employment.
public sealed record StaffMemberLeft(Guid StaffId, DateOnly LeftOn);

public sealed record EmploymentTerms(JobCategory Category, EmploymentType Employment, decimal WeeklyHours, DateOnly EffectiveOn);

public sealed record Assignment(Guid? FacilityId, Guid? GroupHomeId, string? Unit, DateOnly EffectiveOn);

public sealed record Qualification(Guid Id, QualificationKind Kind, string? Title, DateOnly ObtainedOn, DateOnly? ExpiresOn, string? Number)
{
    public bool IsValidOn(DateOnly date) => ObtainedOn <= date && (ExpiresOn is null || date <= ExpiresOn);
}

/// <summary>
/// One staff member with the whole dated history, so that any question can be asked as of a date: the stream's
/// aggregate for decisions and the document the roster reads. Events with the same effective date apply in the
/// order they were recorded (a later correction wins).
/// </summary>
public sealed record StaffRecord(
    Guid Id, string Name, string NameKana, DateOnly HiredOn, decimal PriorExperienceYears,
    IReadOnlyList<EmploymentTerms> Employment, IReadOnlyList<Assignment> Assignments,
    IReadOnlyList<Qualification> Qualifications, DateOnly? LeftOn)
{
    public long Version { get; set; }

    public static StaffRecord Create(StaffMemberHired e) =>
        new(e.StaffId, e.Name, e.NameKana, e.HiredOn, e.PriorExperienceYears,
            [new EmploymentTerms(e.Category, e.Employment, e.WeeklyHours, e.HiredOn)], [], [], null);

    public StaffRecord Apply(StaffEmploymentChanged e) =>
        this with { Employment = [.. Employment, new EmploymentTerms(e.Category, e.Employment, e.WeeklyHours, e.EffectiveOn)] };

    public StaffRecord Apply(StaffAssigned e) =>
        this with { Assignments = [.. Assignments, new Assignment(e.FacilityId, e.GroupHomeId, e.Unit, e.EffectiveOn)] };

    public StaffRecord Apply(QualificationRecorded e) =>
        this with { Qualifications = [.. Qualifications, new Qualification(e.QualificationId, e.Kind, e.Title, e.ObtainedOn, e.ExpiresOn, e.Number)] };

    public StaffRecord Apply(StaffMemberLeft e) => this with { LeftOn = e.LeftOn };

    public bool IsEmployedOn(DateOnly date) => HiredOn <= date && (LeftOn is null || date <= LeftOn);

    /// The employment terms in force on a date (null before hiring).
    public EmploymentTerms? TermsOn(DateOnly date) => LatestOn(Employment, e => e.EffectiveOn, date);

    /// Where the staff member works on a date: null when not employed or not assigned.
    public Assignment? AssignmentOn(DateOnly date) =>
        IsEmployedOn(date) && LatestOn(Assignments, a => a.EffectiveOn, date) is { FacilityId: not null } a ? a : null;

    /// 経験年数: experience before joining plus whole months here, in years with one decimal (rounded down).
    public decimal ExperienceYearsOn(DateOnly date)
    {
        var end = LeftOn is { } left && left < date ? left : date;
        var months = end < HiredOn ? 0 : (end.Year - HiredOn.Year) * 12 + end.Month - HiredOn.Month - (end.Day < HiredOn.Day ? 1 : 0);
        return PriorExperienceYears + Math.Floor(Math.Max(0, months) / 12m * 10m) / 10m;
    }

    public bool HoldsOn(DateOnly date, params QualificationKind[] kinds) =>
        Qualifications.Any(q => kinds.Contains(q.Kind) && q.IsValidOn(date));

    /// The last entry effective on or before the date; among entries of the same day, the last recorded.
    private static T? LatestOn<T>(IReadOnlyList<T> entries, Func<T, DateOnly> effective, DateOnly date) where T : class
    {
        T? found = null;
        foreach (var entry in entries)
            if (effective(entry) <= date && (found is null || effective(entry) >= effective(found))) found = entry;
        return found;
    }
}
