using Hidamari.Portal.Features.Staff;
using Hidamari.Portal.Features.Staff.Compliance;
using Hidamari.Portal.Features.Staff.Training;
using static Hidamari.Tests.Features.Staff.StaffExamples;

namespace Hidamari.Tests.Features.Staff;

/// Who may fill which post (seed 001, p.42), table-driven.
[Trait("Category", "Staff")]
public sealed class PostEligibilityTests
{
    private static readonly DateOnly AsOf = new(2024, 10, 1);

    public static TheoryData<string, JobCategory, QualificationKind?, decimal, bool> Cases => new()
    {
        // case, category, qualification held (none: null), prior years, eligible
        { "保育士 with the licence", JobCategory.ChildCareWorker, QualificationKind.ChildCareWorker, 0, true },
        { "保育士 without it", JobCategory.ChildCareWorker, QualificationKind.SocialWorker, 0, false },
        { "児童指導員 via 任用資格", JobCategory.ChildInstructor, QualificationKind.ChildInstructorEligibility, 0, true },
        { "児童指導員 via 社会福祉士 (added 2011)", JobCategory.ChildInstructor, QualificationKind.SocialWorker, 0, true },
        { "児童指導員 via 精神保健福祉士 (added 2011)", JobCategory.ChildInstructor, QualificationKind.PsychiatricSocialWorker, 0, true },
        { "児童指導員 with only a cook licence", JobCategory.ChildInstructor, QualificationKind.Cook, 0, false },
        { "心理 via 公認心理師", JobCategory.Psychologist, QualificationKind.CertifiedPsychologist, 0, true },
        { "心理 via psychology degree", JobCategory.Psychologist, QualificationKind.PsychologyDegree, 0, true },
        { "心理 with nothing", JobCategory.Psychologist, null, 0, false },
        { "家庭支援 via 社会福祉士", JobCategory.FamilySupportSpecialist, QualificationKind.SocialWorker, 0, true },
        { "家庭支援 via 児童福祉司任用資格", JobCategory.FamilySupportSpecialist, QualificationKind.ChildWelfareOfficerEligibility, 0, true },
        { "家庭支援 via 5 years exactly", JobCategory.FamilySupportSpecialist, null, 5, true },
        { "家庭支援 with 4.9 years", JobCategory.FamilySupportSpecialist, null, 4.9m, false },
        { "看護師 with the licence", JobCategory.Nurse, QualificationKind.Nurse, 0, true },
        { "看護師 without", JobCategory.Nurse, QualificationKind.ChildCareWorker, 0, false },
        { "栄養士 via 管理栄養士", JobCategory.Nutritionist, QualificationKind.RegisteredDietitian, 0, true },
        { "個別対応職員 needs nothing listed", JobCategory.IndividualCareWorker, null, 0, true },
        { "基幹的職員 in the pool with 保育士", JobCategory.SeniorStaff, QualificationKind.ChildCareWorker, 0, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Eligibility_for_a_category(string @case, JobCategory category, QualificationKind? held, decimal priorYears, bool expected)
    {
        var s = Hired(category, AsOf, priorYears: priorYears);
        if (held is { } kind) s = s.Holding(kind);

        Assert.True(expected == PostEligibility.ForCategory(s, category, AsOf, StaffingRuleSets.Standard2011).IsEligible, @case);
    }

    [Fact]
    public void A_qualification_counts_only_between_obtained_and_expiry()
    {
        var s = Hired(JobCategory.Nurse).Holding(QualificationKind.Nurse, new DateOnly(2024, 5, 1), new DateOnly(2024, 12, 31));
        var rules = StaffingRuleSets.Standard2011;

        Assert.False(PostEligibility.ForCategory(s, JobCategory.Nurse, new DateOnly(2024, 4, 30), rules).IsEligible);
        Assert.True(PostEligibility.ForCategory(s, JobCategory.Nurse, new DateOnly(2024, 12, 31), rules).IsEligible);
        Assert.Equal("Staff.Ineligible.Nurse", PostEligibility.ForCategory(s, JobCategory.Nurse, new DateOnly(2025, 1, 1), rules).ReasonKey);
    }

    [Theory]
    [InlineData(9.9, true, "Staff.Ineligible.SeniorYears")]
    [InlineData(10, false, "Staff.Ineligible.SeniorTraining")]
    [InlineData(10, true, null)]
    public void The_senior_post_needs_ten_years_and_the_senior_training(double years, bool trained, string? reason)
    {
        var s = Hired(JobCategory.SeniorStaff, AsOf, priorYears: (decimal)years);
        TrainingCompletion[] completions = trained ? [new(s.Id, Guid.NewGuid(), TrainingCategory.SeniorStaff, AsOf, null)] : [];

        Assert.Equal(reason, PostEligibility.ForSeniorPost(s, AsOf, StaffingRuleSets.Standard2011, completions).ReasonKey);
    }

    [Fact]
    public void An_expired_senior_training_no_longer_counts()
    {
        var s = Hired(JobCategory.SeniorStaff, new DateOnly(2020, 4, 1), priorYears: 10);
        var completion = new TrainingCompletion(s.Id, Guid.NewGuid(), TrainingCategory.SeniorStaff, new DateOnly(2020, 6, 1), new DateOnly(2023, 5, 31));

        Assert.True(PostEligibility.ForSeniorPost(s, new DateOnly(2023, 5, 31), StaffingRuleSets.Standard2011, [completion]).IsEligible);
        Assert.False(PostEligibility.ForSeniorPost(s, new DateOnly(2023, 6, 1), StaffingRuleSets.Standard2011, [completion]).IsEligible);
    }
}
