using Hidamari.Portal.Features.Staff.Training;

namespace Hidamari.Portal.Features.Staff.Compliance;

/// A staff member completed a course on a date; <see cref="ValidUntil"/> is set when the course must be refreshed.
public sealed record TrainingCompletion(Guid StaffId, Guid CourseId, TrainingCategory Category, DateOnly CompletedOn, DateOnly? ValidUntil)
{
    public bool IsValidOn(DateOnly date) => CompletedOn <= date && (ValidUntil is null || date <= ValidUntil);
}

/// Whether a staff member may fill a post on a date, and the message key saying why not.
public sealed record Eligibility(bool IsEligible, string? ReasonKey)
{
    public static readonly Eligibility Yes = new(true, null);

    public static Eligibility No(string reasonKey) => new(false, reasonKey);
}

/// <summary>
/// Who may count for a post (seed 001, p.42): 家庭支援専門相談員 needs 社会福祉士, 精神保健福祉士, 児童福祉司任用資格 or
/// five years in a facility; 心理療法担当職員 a psychology degree (公認心理師・臨床心理士 include it); 児童指導員 its
/// 任用資格 (社会福祉士・精神保健福祉士 added in 2011; 教員免許 is one of the classic routes); 保育士 the licence;
/// 看護師 and 栄養士 theirs; 基幹的職員 years of experience and the 基幹的職員研修. A qualification counts only while
/// valid on the date (between obtained and expiry).
/// </summary>
public static class PostEligibility
{
    private static readonly QualificationKind[] InstructorRoutes =
    [
        QualificationKind.ChildInstructorEligibility, QualificationKind.SocialWorker,
        QualificationKind.PsychiatricSocialWorker, QualificationKind.TeacherLicense,
    ];

    /// 直接処遇職員: the pool the age-band ratios are measured against.
    public static bool CountsAsDirectCare(JobCategory category) =>
        category is JobCategory.ChildInstructor or JobCategory.ChildCareWorker or JobCategory.Nurse or JobCategory.SeniorStaff;

    public static Eligibility ForCategory(StaffRecord staff, JobCategory category, DateOnly asOf, StaffingRuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(staff);
        return category switch
        {
            JobCategory.FamilySupportSpecialist => ForFamilySupport(staff, asOf, rules),
            JobCategory.ChildCareWorker => Needs(staff, asOf, "Staff.Ineligible.ChildCareWorker", QualificationKind.ChildCareWorker),
            JobCategory.ChildInstructor => Needs(staff, asOf, "Staff.Ineligible.ChildInstructor", InstructorRoutes),
            // 基幹的職員 are senior 児童指導員・保育士: in the direct-care pool with either qualification.
            JobCategory.SeniorStaff => Needs(staff, asOf, "Staff.Ineligible.DirectCare", [QualificationKind.ChildCareWorker, .. InstructorRoutes]),
            JobCategory.Nurse => Needs(staff, asOf, "Staff.Ineligible.Nurse", QualificationKind.Nurse),
            JobCategory.Psychologist => Needs(staff, asOf, "Staff.Ineligible.Psychologist",
                QualificationKind.CertifiedPsychologist, QualificationKind.ClinicalPsychologist, QualificationKind.PsychologyDegree),
            JobCategory.Nutritionist => Needs(staff, asOf, "Staff.Ineligible.Nutritionist", QualificationKind.Dietitian, QualificationKind.RegisteredDietitian),
            _ => Eligibility.Yes,
        };
    }

    /// 家庭支援専門相談員: a listed qualification, or the years of experience the rule set names.
    public static Eligibility ForFamilySupport(StaffRecord staff, DateOnly asOf, StaffingRuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(staff);
        ArgumentNullException.ThrowIfNull(rules);
        return staff.HoldsOn(asOf, QualificationKind.SocialWorker, QualificationKind.PsychiatricSocialWorker, QualificationKind.ChildWelfareOfficerEligibility)
               || staff.ExperienceYearsOn(asOf) >= rules.FamilySupportMinYears
            ? Eligibility.Yes
            : Eligibility.No("Staff.Ineligible.FamilySupport");
    }

    /// 基幹的職員 for the add-on: the category, the years of experience, and a valid 基幹的職員研修 completion.
    public static Eligibility ForSeniorPost(StaffRecord staff, DateOnly asOf, StaffingRuleSet rules, IEnumerable<TrainingCompletion> completions)
    {
        ArgumentNullException.ThrowIfNull(staff);
        ArgumentNullException.ThrowIfNull(rules);
        if (staff.TermsOn(asOf)?.Category != JobCategory.SeniorStaff) return Eligibility.No("Staff.Ineligible.NotSenior");
        if (staff.ExperienceYearsOn(asOf) < rules.SeniorStaffMinYears) return Eligibility.No("Staff.Ineligible.SeniorYears");
        return completions.Any(c => c.StaffId == staff.Id && c.Category == TrainingCategory.SeniorStaff && c.IsValidOn(asOf))
            ? Eligibility.Yes
            : Eligibility.No("Staff.Ineligible.SeniorTraining");
    }

    private static Eligibility Needs(StaffRecord staff, DateOnly asOf, string reasonKey, params QualificationKind[] kinds) =>
        staff.HoldsOn(asOf, kinds) ? Eligibility.Yes : Eligibility.No(reasonKey);
}
