using Hidamari.Portal.Features.Staff;
using Hidamari.Portal.Features.Staff.Alerts;
using Hidamari.Portal.Features.Staff.Training;
using static Hidamari.Tests.Features.Staff.StaffExamples;

namespace Hidamari.Tests.Features.Staff;

[Trait("Category", "Staff")]
public sealed class StaffAlertsTests
{
    private static readonly DateOnly Today = new(2024, 10, 1);

    private static TrainingCourse Course(TrainingCategory category, int? validityMonths, params JobCategory[] mandatoryFor) =>
        TrainingCourse.Create(new TrainingCourseCreated(Guid.NewGuid(), "救命講習", TrainingProvider.External, category, 3, 1_500, validityMonths, mandatoryFor));

    [Fact]
    public void A_qualification_expiring_in_30_days_is_on_the_list_and_one_in_91_days_is_not()
    {
        var soon = Hired(JobCategory.Nurse, name: "期限 近子").Holding(QualificationKind.FirstAid, expires: Today.AddDays(30));
        var later = Hired(JobCategory.Nurse, name: "期限 遠子").Holding(QualificationKind.FirstAid, expires: Today.AddDays(91));

        var alerts = StaffAlerts.For([soon, later], [], Today, 90);

        var alert = Assert.Single(alerts.Alerts);
        Assert.Equal((StaffAlertKind.QualificationExpiring, "期限 近子", "FirstAid", Today.AddDays(30)), (alert.Kind, alert.StaffName, alert.Subject, alert.DueOn));
    }

    [Fact]
    public void A_renewed_qualification_replaces_the_expiring_one_and_former_staff_are_left_out()
    {
        var renewed = Hired(JobCategory.Nurse).Holding(QualificationKind.FirstAid, expires: Today.AddDays(10))
            .Holding(QualificationKind.FirstAid, obtained: Today.AddDays(-5), expires: Today.AddYears(3));
        var gone = Hired(JobCategory.Nurse).Holding(QualificationKind.FirstAid, expires: Today.AddDays(10));
        gone = gone.Apply(new StaffMemberLeft(gone.Id, Today.AddDays(-1)));

        Assert.Empty(StaffAlerts.For([renewed, gone], [], Today, 90).Alerts);
    }

    [Fact]
    public void Mandatory_training_never_taken_is_missing_and_one_whose_validity_ends_within_the_window_is_due()
    {
        var course = Course(TrainingCategory.Safety, 24, JobCategory.ChildCareWorker);
        var never = Hired(JobCategory.ChildCareWorker, name: "未受講 太郎");
        var due = Hired(JobCategory.ChildCareWorker, name: "更新 花子");
        var fresh = Hired(JobCategory.ChildCareWorker, name: "受講済 次郎");
        var clerk = Hired(JobCategory.Clerk, name: "事務 三郎");
        course = course.Apply(new TrainingSessionRecorded(course.Id, Guid.NewGuid(), new DateOnly(2022, 12, 1), "本部", 3, 0,
            [new Attendance(due.Id, 3, true, null)]));
        course = course.Apply(new TrainingSessionRecorded(course.Id, Guid.NewGuid(), new DateOnly(2024, 6, 1), "本部", 3, 0,
            [new Attendance(fresh.Id, 3, true, null)]));

        var alerts = StaffAlerts.For([never, due, fresh, clerk], [course], Today, 90).Alerts;

        Assert.Equal(2, alerts.Count);
        Assert.Contains(alerts, a => a is { Kind: StaffAlertKind.TrainingMissing, StaffName: "未受講 太郎", DueOn: null });
        Assert.Contains(alerts, a => a.Kind == StaffAlertKind.TrainingRefreshDue && a.StaffName == "更新 花子" && a.DueOn == new DateOnly(2024, 11, 30));
    }

    [Fact]
    public void Course_cost_in_a_fiscal_year_is_session_costs_plus_fees_per_attendee()
    {
        var course = Course(TrainingCategory.SeniorStaff, null);
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        course = course
            .Apply(new TrainingSessionRecorded(course.Id, Guid.NewGuid(), new DateOnly(2024, 3, 31), "都庁", 6, 10_000, [new Attendance(a, 6, true, null)]))
            .Apply(new TrainingSessionRecorded(course.Id, Guid.NewGuid(), new DateOnly(2024, 4, 1), "都庁", 6, 20_000,
                [new Attendance(a, 6, true, "C-1"), new Attendance(b, 6, false, null)]));

        Assert.Equal(10_000 + 1_500, course.CostInFiscalYear(2023));
        Assert.Equal(20_000 + 2 * 1_500, course.CostInFiscalYear(2024));
        Assert.Equal(2, course.Completions().Count());
    }
}
