using Hidamari.Portal.Features.Staff;
using Hidamari.Portal.Features.Staff.Assigning;
using Hidamari.Portal.Features.Staff.Compliance;
using Hidamari.Portal.Features.Staff.Hiring;
using static Hidamari.Tests.Features.Staff.StaffExamples;

namespace Hidamari.Tests.Features.Staff;

/// Full-time equivalents, dated history asked as of a date, and the decisions on a staff stream.
[Trait("Category", "Staff")]
public sealed class StaffRecordTests
{
    [Theory]
    [InlineData(EmploymentType.FullTime, 0, 1.0)]
    [InlineData(EmploymentType.PartTime, 20, 0.5)]
    [InlineData(EmploymentType.PartTime, 30, 0.75)]
    [InlineData(EmploymentType.PartTime, 40, 1.0)]
    [InlineData(EmploymentType.PartTime, 45, 1.0)]
    [InlineData(EmploymentType.PartTime, 0, 0.0)]
    public void Part_time_hours_become_a_share_of_the_40_hour_week_capped_at_one(EmploymentType type, double hours, double expected) =>
        Assert.Equal((decimal)expected, Fte.Of(new EmploymentTerms(JobCategory.ChildCareWorker, type, (decimal)hours, April2024), 40m));

    [Fact]
    public void The_full_time_week_is_configurable()
    {
        var terms = new EmploymentTerms(JobCategory.ChildCareWorker, EmploymentType.PartTime, 19, April2024);
        Assert.Equal(0.5m, Fte.Of(terms, 38m));
        Assert.Throws<ArgumentOutOfRangeException>(() => Fte.Of(terms, 0m));
    }

    [Fact]
    public void Assignments_and_terms_are_answered_as_of_any_date()
    {
        var main = Guid.NewGuid();
        var gh = Guid.NewGuid();
        var s = Hired(JobCategory.ChildCareWorker, new DateOnly(2020, 4, 1), EmploymentType.PartTime, 20)
            .At(main, new DateOnly(2020, 4, 1), unit: "さくら")
            .Apply(new StaffEmploymentChanged(Guid.Empty, JobCategory.ChildCareWorker, EmploymentType.FullTime, 0, new DateOnly(2021, 4, 1)))
            .At(main, new DateOnly(2022, 10, 1), groupHome: gh)
            .Apply(new StaffAssigned(Guid.Empty, null, null, null, new DateOnly(2023, 4, 1)))
            .At(main, new DateOnly(2023, 6, 1));

        Assert.Null(s.AssignmentOn(new DateOnly(2020, 3, 31)));
        Assert.Equal("さくら", s.AssignmentOn(new DateOnly(2021, 3, 31))!.Unit);
        Assert.Equal(EmploymentType.PartTime, s.TermsOn(new DateOnly(2021, 3, 31))!.Employment);
        Assert.Equal(EmploymentType.FullTime, s.TermsOn(new DateOnly(2021, 4, 1))!.Employment);
        Assert.Equal(gh, s.AssignmentOn(new DateOnly(2022, 10, 1))!.GroupHomeId);
        Assert.Null(s.AssignmentOn(new DateOnly(2023, 5, 31)));
        Assert.Equal(main, s.AssignmentOn(new DateOnly(2023, 6, 1))!.FacilityId);

        var left = s.Apply(new StaffMemberLeft(s.Id, new DateOnly(2024, 3, 31)));
        Assert.NotNull(left.AssignmentOn(new DateOnly(2024, 3, 31)));
        Assert.Null(left.AssignmentOn(new DateOnly(2024, 4, 1)));
    }

    [Fact]
    public void A_later_recorded_correction_for_the_same_day_wins()
    {
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        var s = Hired(JobCategory.ChildCareWorker).At(a, April2024).At(b, April2024);
        Assert.Equal(b, s.AssignmentOn(April2024)!.FacilityId);
    }

    [Fact]
    public void Experience_is_prior_years_plus_whole_months_here_stopping_at_the_last_day()
    {
        var s = Hired(JobCategory.ChildInstructor, new DateOnly(2020, 4, 1), priorYears: 3);
        Assert.Equal(3m, s.ExperienceYearsOn(new DateOnly(2020, 4, 30)));
        Assert.Equal(4m, s.ExperienceYearsOn(new DateOnly(2021, 4, 1)));
        Assert.Equal(4.9m, s.ExperienceYearsOn(new DateOnly(2022, 3, 31)));
        var left = s.Apply(new StaffMemberLeft(s.Id, new DateOnly(2022, 3, 31)));
        Assert.Equal(4.9m, left.ExperienceYearsOn(new DateOnly(2030, 1, 1)));
    }

    [Fact]
    public void Hiring_with_a_place_also_assigns_from_the_hiring_day()
    {
        var facility = Guid.NewGuid();
        var events = HiringStaffMember.Decide(Guid.NewGuid(), new HireStaffMember(" 佐藤 一郎 ", null, April2024, JobCategory.ChildInstructor,
            EmploymentType.FullTime, 38, 2, facility, null, " ひまわり "));

        var hired = Assert.IsType<StaffMemberHired>(events[0]);
        Assert.Equal(("佐藤 一郎", 0m), (hired.Name, hired.WeeklyHours));
        var assigned = Assert.IsType<StaffAssigned>(events[1]);
        Assert.Equal((facility, "ひまわり", April2024), (assigned.FacilityId!.Value, assigned.Unit!, assigned.EffectiveOn));
    }

    [Fact]
    public void An_assignment_before_hiring_after_leaving_or_to_another_facilitys_group_home_is_refused()
    {
        var facility = ChildrensHome(30, new Hidamari.Portal.Features.Facilities.GroupHomeSummary(Guid.NewGuid(),
            Hidamari.Portal.Features.Facilities.GroupHomeKind.RegionalSmallScale, "ホーム", 6, April2024));
        var other = ChildrensHome(30);
        var s = Hired(JobCategory.ChildCareWorker).Apply(new StaffMemberLeft(Guid.Empty, new DateOnly(2025, 3, 31)));

        Assert.Equal("Validation.Staff.BeforeHired",
            AssigningStaffMember.Decide(s, new AssignStaffMember(facility.Id, null, null, April2024.AddDays(-1)), [facility]).MessageKey);
        Assert.Equal("Validation.Staff.AfterLeft",
            AssigningStaffMember.Decide(s, new AssignStaffMember(facility.Id, null, null, new DateOnly(2025, 4, 1)), [facility]).MessageKey);
        Assert.Equal("Validation.Staff.GroupHomeNotInFacility",
            AssigningStaffMember.Decide(s, new AssignStaffMember(other.Id, facility.GroupHomes[0].Id, null, April2024), [facility, other]).MessageKey);
        Assert.Equal("Error.FacilityNotFound",
            AssigningStaffMember.Decide(s, new AssignStaffMember(Guid.NewGuid(), null, null, April2024), [facility]).MessageKey);
        var ok = AssigningStaffMember.Decide(s, new AssignStaffMember(facility.Id, facility.GroupHomes[0].Id, "無視される", April2024), [facility]);
        Assert.Equal(new StaffAssigned(s.Id, facility.Id, facility.GroupHomes[0].Id, null, April2024), ok.Event);
    }

    [Fact]
    public void Staffing_inputs_of_the_latest_month_on_or_before_the_date_apply_and_a_correction_replaces_its_month()
    {
        var facility = Guid.NewGuid();
        var inputs = FacilityStaffingInputs.Create(new StaffingInputsRecorded(facility, new DateOnly(2024, 4, 1), 0, 0, 4, 10, 0, 0))
            .Apply(new StaffingInputsRecorded(facility, new DateOnly(2024, 7, 1), 0, 0, 4, 12, 0, 0))
            .Apply(new StaffingInputsRecorded(facility, new DateOnly(2024, 4, 1), 0, 0, 3, 10, 0, 0));

        Assert.Null(inputs.AsOf(new DateOnly(2024, 3, 31)));
        Assert.Equal(3, inputs.AsOf(new DateOnly(2024, 6, 30))!.Inputs.Residents.PreSchool);
        Assert.Equal(12, inputs.AsOf(new DateOnly(2025, 1, 1))!.Inputs.Residents.SchoolAge);
        Assert.Equal(FacilityStaffingInputs.StreamIdFor(facility), inputs.Id);
        Assert.NotEqual(facility, inputs.Id);
    }
}
