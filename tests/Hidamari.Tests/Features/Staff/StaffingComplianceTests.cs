using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Staff;
using Hidamari.Portal.Features.Staff.Compliance;
using ResidentCounts = Hidamari.Portal.Features.Staff.Compliance.ResidentCounts;
using Hidamari.Portal.Features.Staff.Training;
using static Hidamari.Tests.Features.Staff.StaffExamples;

namespace Hidamari.Tests.Features.Staff;

/// The 2011 staffing standard as data, and the pure calculation of required posts, gaps and add-ons.
[Trait("Category", "Staff")]
public sealed class StaffingComplianceTests
{
    private static readonly StaffingRuleSet Rules = StaffingRuleSets.Standard2011;
    private static readonly DateOnly AsOf = new(2024, 10, 1);

    public static TheoryData<string, int, int, int, int, int> BandEdges => new()
    {
        // case, infants, 1-2, 3+ pre-school, school age, required posts (sum of fractions, rounded up once)
        { "nobody", 0, 0, 0, 0, 0 },
        { "one school-age child needs a whole post", 0, 0, 0, 1, 1 },
        { "6 school-age exactly one post", 0, 0, 0, 6, 1 },
        { "7 school-age round up to two", 0, 0, 0, 7, 2 },
        { "12 school-age exactly two", 0, 0, 0, 12, 2 },
        { "4 pre-school exactly one", 0, 0, 4, 0, 1 },
        { "5 pre-school round up to two", 0, 0, 5, 0, 2 },
        { "2 toddlers exactly one", 0, 2, 0, 0, 1 },
        { "3 toddlers round up to two", 0, 3, 0, 0, 2 },
        { "17 infants exactly ten at 1.7:1 (no binary error)", 17, 0, 0, 0, 10 },
        { "18 infants round up to eleven", 18, 0, 0, 0, 11 },
        { "1 infant one post", 1, 0, 0, 0, 1 },
        { "one child of each of two bands shares one post", 0, 0, 1, 1, 1 },
        { "3 school-age + 2 pre-school = 0.5 + 0.5 exactly one", 0, 0, 2, 3, 1 },
        { "must-show: 10 school-age + 4 pre-school = 2.67 → 3", 0, 0, 4, 10, 3 },
        { "1 infant + 2 toddlers + 4 pre-school + 6 school-age = 3.59 → 4", 1, 2, 4, 6, 4 },
    };

    [Theory]
    [MemberData(nameof(BandEdges))]
    public void Direct_care_posts_follow_the_2011_ratios_summed_then_rounded_up(string @case, int infants, int toddlers, int preSchool, int schoolAge, int expected)
    {
        var (posts, _) = StaffingCompliance.DirectCarePosts(Rules, new ResidentCounts(infants, toddlers, preSchool, schoolAge));

        Assert.True(expected == posts, $"{@case}: expected {expected}, got {posts}");
    }

    [Fact]
    public void The_exact_figure_is_shown_beside_the_rounded_posts()
    {
        var (posts, exact) = StaffingCompliance.DirectCarePosts(Rules, new ResidentCounts(0, 0, 4, 10));

        Assert.Equal(3, posts);
        Assert.Equal(2.67m, exact);
    }

    [Fact]
    public void Rounding_per_band_is_data_too_and_charges_more_for_mixed_bands()
    {
        var perBand = Rules with { Version = "test-per-band", DirectCareRounding = PostRounding.RoundUpPerBand };
        var residents = new ResidentCounts(0, 0, 1, 1);

        Assert.Equal(1, StaffingCompliance.DirectCarePosts(Rules, residents).Posts);
        Assert.Equal(2, StaffingCompliance.DirectCarePosts(perBand, residents).Posts);
    }

    [Fact]
    public void A_later_rule_version_applies_from_its_date_and_the_2011_one_before()
    {
        var improved = Rules with
        {
            Version = "test-2015", EffectiveFrom = new DateOnly(2015, 4, 1),
            DirectCareRatios = [.. Rules.DirectCareRatios.Where(r => r.Band != AgeBand.SchoolAge), new BandRatio(AgeBand.SchoolAge, 4m)],
        };
        IReadOnlyList<StaffingRuleSet> versions = [Rules, improved];

        Assert.Equal("2011", StaffingRuleSets.InForceOn(new DateOnly(2015, 3, 31), versions).Version);
        Assert.Equal("test-2015", StaffingRuleSets.InForceOn(new DateOnly(2015, 4, 1), versions).Version);
        Assert.Equal(3, StaffingCompliance.DirectCarePosts(improved, new ResidentCounts(0, 0, 0, 10)).Posts);
        Assert.Equal(2, StaffingCompliance.DirectCarePosts(Rules, new ResidentCounts(0, 0, 0, 10)).Posts);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(17, 10)]
    [InlineData(18, 11)]
    public void Nurses_for_infants_at_1_7_to_1_rounded_up(int infants, int expected) =>
        Assert.Equal(expected, StaffingCompliance.NursePosts(Rules, infants));

    [Fact]
    public void Must_show_ten_school_age_and_four_pre_school_need_three_posts_and_losing_one_of_three_shows_a_gap_of_one()
    {
        var facility = ChildrensHome(capacity: 50);
        var inputs = new StaffingInputs(new ResidentCounts(0, 0, 4, 10), ReceivingTherapy: 0, SmallGroupUnits: 0);
        var staff = Enumerable.Range(0, 3).Select(_ => CareWorkerAt(facility.Id)).ToList();

        var full = StaffingCompliance.Evaluate(Rules, facility, inputs, staff, [], AsOf, 40m);
        var direct = full.Lines.Single(l => l.Post == PostKind.DirectCare);
        Assert.Equal(3, direct.Required);
        Assert.Equal(3m, direct.Assigned);
        Assert.Equal(0m, direct.Gap);

        // The third leaves at the end of September: from 1 October the facility is one post short.
        staff[2] = staff[2].Apply(new StaffMemberLeft(staff[2].Id, new DateOnly(2024, 9, 30)));
        var short1 = StaffingCompliance.Evaluate(Rules, facility, inputs, staff, [], AsOf, 40m);
        var gap = short1.Lines.Single(l => l.Post == PostKind.DirectCare);
        Assert.Equal(1m, gap.Gap);
        Assert.Equal(2m, gap.Assigned);
        Assert.False(short1.IsCompliant);

        // …but on 30 September it was still staffed.
        Assert.Equal(0m, StaffingCompliance.Evaluate(Rules, facility, inputs, staff, [], new DateOnly(2024, 9, 30), 40m)
            .Lines.Single(l => l.Post == PostKind.DirectCare).Gap);
    }

    [Fact]
    public void Part_time_staff_count_by_hours_against_the_full_time_week()
    {
        var facility = ChildrensHome(capacity: 50);
        var inputs = new StaffingInputs(new ResidentCounts(0, 0, 0, 12), 0, 0);
        List<StaffRecord> staff =
        [
            CareWorkerAt(facility.Id),
            Hired(JobCategory.ChildCareWorker, employment: EmploymentType.PartTime, weeklyHours: 20).Holding(QualificationKind.ChildCareWorker).At(facility.Id),
            Hired(JobCategory.ChildInstructor, employment: EmploymentType.PartTime, weeklyHours: 20).Holding(QualificationKind.SocialWorker).At(facility.Id),
        ];

        var result = StaffingCompliance.Evaluate(Rules, facility, inputs, staff, [], AsOf, 40m);

        var direct = result.Lines.Single(l => l.Post == PostKind.DirectCare);
        Assert.Equal(2, direct.Required);
        Assert.Equal(2m, direct.Assigned);
        Assert.Equal(0m, direct.Gap);
        // With a 38.75-hour week (a configurable full-time week) the two halves are worth more than one post.
        var shorterWeek = StaffingCompliance.Evaluate(Rules, facility, inputs, staff, [], AsOf, 38.75m).Lines.Single(l => l.Post == PostKind.DirectCare);
        Assert.Equal(1m + 2 * (20m / 38.75m), shorterWeek.Assigned);
        Assert.True(shorterWeek.Surplus > 0);
    }

    [Fact]
    public void Staff_without_a_valid_qualification_do_not_count_and_are_summarized_without_names()
    {
        var facility = ChildrensHome(capacity: 50);
        var inputs = new StaffingInputs(new ResidentCounts(0, 0, 0, 6), 0, 0);
        var expired = Hired(JobCategory.ChildCareWorker).Holding(QualificationKind.ChildCareWorker, expires: new DateOnly(2024, 9, 30)).At(facility.Id);

        var result = StaffingCompliance.Evaluate(Rules, facility, inputs, [expired], [], AsOf, 40m);

        Assert.Equal(1m, result.Lines.Single(l => l.Post == PostKind.DirectCare).Gap);
        var ineligible = Assert.Single(result.Ineligible);
        Assert.Equal(("Staff.Ineligible.ChildCareWorker", 1), (ineligible.ReasonKey, ineligible.Count));
    }

    [Fact]
    public void Add_on_posts_apply_by_their_conditions()
    {
        // Capacity 45: small facility (+1) and a nutritionist (≥ 41); 10 in therapy: psychologist; 2 infants: nurses.
        var facility = ChildrensHome(capacity: 45);
        var inputs = new StaffingInputs(new ResidentCounts(2, 0, 0, 30), ReceivingTherapy: 10, SmallGroupUnits: 2);

        var result = StaffingCompliance.Evaluate(Rules, facility, inputs, [], [], AsOf, 40m);
        ComplianceLine Line(PostKind p) => result.Lines.Single(l => l.Post == p);

        Assert.Equal(1 + 5 + 1, Line(PostKind.DirectCare).Required); // 2/1.7 + 30/6 = 6.18 → 7
        Assert.Equal((true, 1), (Line(PostKind.SmallFacility).Applies, Line(PostKind.SmallFacility).Required));
        Assert.Equal((true, 2), (Line(PostKind.SmallGroupCare).Applies, Line(PostKind.SmallGroupCare).Required));
        Assert.Equal((true, 2), (Line(PostKind.Nurse).Applies, Line(PostKind.Nurse).Required));
        Assert.Equal((true, 1), (Line(PostKind.Psychologist).Applies, Line(PostKind.Psychologist).Required));
        Assert.Equal((true, 1), (Line(PostKind.Nutritionist).Applies, Line(PostKind.Nutritionist).Required));
        Assert.Equal((true, 1), (Line(PostKind.FamilySupportSpecialist).Applies, Line(PostKind.FamilySupportSpecialist).Required));
        Assert.Equal((true, 1), (Line(PostKind.IndividualCareWorker).Applies, Line(PostKind.IndividualCareWorker).Required));

        // Capacity 46 with 9 in therapy and no infants: none of those conditional posts.
        var bigger = StaffingCompliance.Evaluate(Rules, ChildrensHome(capacity: 46), new StaffingInputs(new ResidentCounts(0, 0, 0, 30), 9, 0), [], [], AsOf, 40m);
        Assert.All(bigger.Lines.Where(l => l.Post is PostKind.SmallFacility or PostKind.Nurse or PostKind.Psychologist or PostKind.SmallGroupCare),
            l => Assert.Equal((false, 0), (l.Applies, l.Required)));
        Assert.Equal((true, 1), (bigger.Lines.Single(l => l.Post == PostKind.Nutritionist).Applies, bigger.Lines.Single(l => l.Post == PostKind.Nutritionist).Required));
        var small40 = StaffingCompliance.Evaluate(Rules, ChildrensHome(capacity: 40), StaffingInputs.None, [], [], AsOf, 40m);
        Assert.False(small40.Lines.Single(l => l.Post == PostKind.Nutritionist).Applies);
    }

    [Fact]
    public void Infant_homes_up_to_capacity_20_need_no_individual_care_worker()
    {
        var infantHome = new FacilityOverview(Guid.NewGuid(), FacilityKind.InfantHome, "乳児院", "東京都", 20, []);
        var result = StaffingCompliance.Evaluate(Rules, infantHome, StaffingInputs.None, [], [], AsOf, 40m);
        Assert.False(result.Lines.Single(l => l.Post == PostKind.IndividualCareWorker).Applies);

        var larger = StaffingCompliance.Evaluate(Rules, infantHome with { MainCapacity = 21 }, StaffingInputs.None, [], [], AsOf, 40m);
        Assert.True(larger.Lines.Single(l => l.Post == PostKind.IndividualCareWorker).Applies);
    }

    [Fact]
    public void The_pool_fills_ratio_posts_first_then_the_small_facility_post_then_small_groups_and_add_ons_follow()
    {
        var facility = ChildrensHome(capacity: 40);
        var inputs = new StaffingInputs(new ResidentCounts(0, 0, 0, 12), 0, SmallGroupUnits: 2);
        var staff = Enumerable.Range(0, 4).Select(_ => CareWorkerAt(facility.Id)).ToList();

        var result = StaffingCompliance.Evaluate(Rules, facility, inputs, staff, [], AsOf, 40m);

        Assert.Equal(2m, result.Lines.Single(l => l.Post == PostKind.DirectCare).Assigned);
        Assert.Equal(1m, result.Lines.Single(l => l.Post == PostKind.SmallFacility).Assigned);
        var sgc = result.Lines.Single(l => l.Post == PostKind.SmallGroupCare);
        Assert.Equal((2, 1m, 1m), (sgc.Required, sgc.Assigned, sgc.Gap));
        var addOns = result.AddOns.ToDictionary(a => a.Kind);
        Assert.True(addOns[AddOnKind.SmallFacility].Qualifies);
        Assert.Equal((true, 1), (addOns[AddOnKind.SmallGroupCare].Qualifies, addOns[AddOnKind.SmallGroupCare].Units));
        Assert.False(addOns[AddOnKind.Psychologist].Qualifies);
    }

    [Fact]
    public void A_satellite_group_home_is_a_small_group_of_the_facility_and_a_regional_one_needs_two_full_time_and_one_part_time()
    {
        var satellite = new GroupHomeSummary(Guid.NewGuid(), GroupHomeKind.SatelliteSmallGroupCare, "分園ホーム", 6, new DateOnly(2022, 4, 1));
        var regional = new GroupHomeSummary(Guid.NewGuid(), GroupHomeKind.RegionalSmallScale, "地域ホーム", 6, new DateOnly(2022, 4, 1));
        var later = new GroupHomeSummary(Guid.NewGuid(), GroupHomeKind.RegionalSmallScale, "来年のホーム", 4, new DateOnly(2025, 4, 1));
        var facility = ChildrensHome(30, satellite, regional, later);
        List<StaffRecord> staff =
        [
            CareWorkerAt(facility.Id).At(facility.Id, groupHome: regional.Id),
            CareWorkerAt(facility.Id).At(facility.Id, groupHome: regional.Id),
            CareWorkerAt(facility.Id).At(facility.Id, groupHome: satellite.Id),
        ];

        var result = StaffingCompliance.Evaluate(Rules, facility, StaffingInputs.None, staff, [], AsOf, 40m);

        Assert.Equal(36, result.Capacity);
        Assert.Equal(1, result.SmallGroups);
        var gh = Assert.Single(result.GroupHomes);
        Assert.Equal("地域ホーム", gh.Name);
        Assert.Equal((2m, 0m), (gh.Lines[0].Assigned, gh.Lines[0].Gap));
        Assert.Equal(1m, gh.Lines[1].Gap);
        // The satellite's worker counts in the facility's pool; the regional home's two do not.
        Assert.Equal(1m, result.Lines.Where(l => l.Post is PostKind.DirectCare or PostKind.SmallFacility or PostKind.SmallGroupCare).Sum(l => l.Assigned));
        Assert.Contains(result.Units, u => u.GroupHomeName == "地域ホーム" && u.DirectCareFte == 2m);

        staff.Add(Hired(JobCategory.ChildInstructor, employment: EmploymentType.PartTime, weeklyHours: 16)
            .Holding(QualificationKind.ChildInstructorEligibility).At(facility.Id, groupHome: regional.Id));
        Assert.True(StaffingCompliance.Evaluate(Rules, facility, StaffingInputs.None, staff, [], AsOf, 40m).GroupHomes.Single().IsCompliant);
    }

    [Fact]
    public void A_senior_staff_member_counts_for_the_add_on_only_with_the_years_and_a_completed_senior_training()
    {
        var facility = ChildrensHome(capacity: 50);
        var senior = Hired(JobCategory.SeniorStaff, priorYears: 12).Holding(QualificationKind.ChildCareWorker).At(facility.Id);
        var training = new TrainingCompletion(senior.Id, Guid.NewGuid(), TrainingCategory.SeniorStaff, new DateOnly(2024, 9, 1), null);

        var untrained = StaffingCompliance.Evaluate(Rules, facility, StaffingInputs.None, [senior], [], AsOf, 40m);
        var trained = StaffingCompliance.Evaluate(Rules, facility, StaffingInputs.None, [senior], [training], AsOf, 40m);

        Assert.Equal(1m, untrained.Lines.Single(l => l.Post == PostKind.SeniorStaff).Gap);
        Assert.Equal(0m, trained.Lines.Single(l => l.Post == PostKind.SeniorStaff).Gap);
        Assert.True(trained.AddOns.Single(a => a.Kind == AddOnKind.SeniorStaff).Qualifies);
        // The training counts from the day it was completed.
        Assert.Equal(1m, StaffingCompliance.Evaluate(Rules, facility, StaffingInputs.None, [senior], [training], new DateOnly(2024, 8, 31), 40m)
            .Lines.Single(l => l.Post == PostKind.SeniorStaff).Gap);
    }
}
