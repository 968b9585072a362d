using Hidamari.Portal.Features.Facilities;

namespace Hidamari.Portal.Features.Staff.Compliance;

/// 現員 by age band: counts, never children.
public sealed record ResidentCounts(int Infants, int Toddlers, int PreSchool, int SchoolAge)
{
    public static readonly ResidentCounts None = new(0, 0, 0, 0);

    public int Total => Infants + Toddlers + PreSchool + SchoolAge;

    public int Of(AgeBand band) => band switch
    {
        AgeBand.Infant => Infants,
        AgeBand.Toddler => Toddlers,
        AgeBand.PreSchool => PreSchool,
        _ => SchoolAge,
    };
}

/// What the staffing standard needs to know about a facility besides its staff, for one month.
/// <param name="ReceivingTherapy">children receiving psychological therapy (心理療法対象児童数).</param>
/// <param name="SmallGroupUnits">小規模グループケア groups inside the main building (satellite group homes add theirs).</param>
public sealed record StaffingInputs(ResidentCounts Residents, int ReceivingTherapy, int SmallGroupUnits)
{
    public static readonly StaffingInputs None = new(ResidentCounts.None, 0, 0);
}

/// 配置の区分
public enum PostKind
{
    /// 直接処遇職員 (児童指導員・保育士) by the age-band ratios
    DirectCare,
    /// 小規模施設加算: +1 児童指導員又は保育士
    SmallFacility,
    /// 小規模グループケア: 1 per group
    SmallGroupCare,
    /// 看護師 (乳児 1.7:1), within direct care
    Nurse,
    /// 基幹的職員, within direct care
    SeniorStaff,
    /// 家庭支援専門相談員
    FamilySupportSpecialist,
    /// 個別対応職員
    IndividualCareWorker,
    /// 心理療法担当職員
    Psychologist,
    /// 栄養士
    Nutritionist,
    /// 地域小規模児童養護施設: 常勤職員
    GroupHomeFullTime,
    /// 地域小規模児童養護施設: 非常勤職員
    GroupHomePartTime,
}

/// Whether a missing post breaks the standard or only forgoes an add-on payment.
public enum Obligation { Mandatory, AddOnOnly }

/// <summary>One post of the standard as of a date: whether its condition holds, how many posts it needs, what is assigned.</summary>
/// <param name="Applies">the condition holds (e.g. ≥ 10 children in therapy); when false nothing is required.</param>
/// <param name="Required">whole posts required.</param>
/// <param name="Assigned">full-time equivalents of eligible staff counted for this post (headcount for 非常勤).</param>
/// <param name="ConditionKey">message key explaining the condition; <see cref="ConditionArgs"/> fill it.</param>
public sealed record ComplianceLine(
    PostKind Post, Obligation Obligation, bool Applies, int Required, decimal Assigned, string ConditionKey, IReadOnlyList<object> ConditionArgs)
{
    public decimal Gap => Math.Max(0m, Required - Assigned);

    public decimal Surplus => Math.Max(0m, Assigned - Required);
}

/// The direct-care FTE of one place inside a facility: the main building, a named unit, or a group home.
public sealed record UnitStaffing(Guid? GroupHomeId, string? GroupHomeName, string? Unit, decimal DirectCareFte, int Headcount);

/// How many staff of a category do not count, and why (no names: this is shown to every role).
public sealed record IneligibleSummary(JobCategory Category, string ReasonKey, int Count, decimal Fte);

public sealed record GroupHomeCompliance(Guid GroupHomeId, string Name, IReadOnlyList<ComplianceLine> Lines)
{
    public bool IsCompliant => Lines.All(l => l.Gap == 0);
}

/// 加算 the subsidy engine may claim: paid by what is staffed, not by what the standard requires.
public enum AddOnKind
{
    /// 小規模施設加算
    SmallFacility,
    /// 小規模グループケア加算 (per group)
    SmallGroupCare,
    /// 看護師加算
    Nurse,
    /// 基幹的職員加算
    SeniorStaff,
    /// 家庭支援専門相談員加算
    FamilySupportSpecialist,
    /// 被虐待児個別対応職員加算
    IndividualCareWorker,
    /// 心理療法担当職員加算
    Psychologist,
}

/// <param name="Units">how many: groups for 小規模グループケア, otherwise 1 when it qualifies.</param>
public sealed record AddOnQualification(AddOnKind Kind, bool Qualifies, int Units, string ReasonKey);

/// <summary>The staffing of one facility against the standard in force on <see cref="AsOf"/>.</summary>
public sealed record FacilityCompliance(
    Guid FacilityId, string FacilityName, FacilityKind Kind, DateOnly AsOf, string RulesVersion, string RulesSource,
    PostRounding Rounding, int Capacity, StaffingInputs Inputs, int SmallGroups, decimal DirectCareExact,
    IReadOnlyList<ComplianceLine> Lines, IReadOnlyList<GroupHomeCompliance> GroupHomes, IReadOnlyList<UnitStaffing> Units,
    IReadOnlyList<IneligibleSummary> Ineligible, IReadOnlyList<AddOnQualification> AddOns)
{
    /// Every mandatory post of the facility and its group homes is filled.
    public bool IsCompliant =>
        Lines.Where(l => l.Obligation == Obligation.Mandatory).All(l => l.Gap == 0) && GroupHomes.All(g => g.IsCompliant);

    public decimal MandatoryGap => Lines.Where(l => l.Obligation == Obligation.Mandatory).Sum(l => l.Gap) + GroupHomes.Sum(g => g.Lines.Sum(l => l.Gap));
}

/// <summary>
/// The pure staffing calculation: facility, its inputs, the staff records and training completions, a date and a
/// rule set in; required posts, assigned FTE, gaps, surpluses and qualifying add-ons out. No I/O.
/// </summary>
public static class StaffingCompliance
{
    /// <summary>
    /// Required direct-care posts for the residents, with the exact (unrounded) figure. Each band's children are
    /// divided by its ratio as exact fractions (1.7 = 17/10), so that the total is never off by a binary rounding
    /// error at a band edge (17 infants ÷ 1.7 = 10 exactly, not 10.000…1 → 11).
    /// </summary>
    public static (int Posts, decimal Exact) DirectCarePosts(StaffingRuleSet rules, ResidentCounts residents)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(residents);
        var total = Fraction.Zero;
        var perBand = 0L;
        foreach (var ratio in rules.DirectCareRatios)
        {
            var share = Fraction.Of(residents.Of(ratio.Band)) / Fraction.Of(ratio.ChildrenPerStaff);
            total += share;
            perBand += share.Ceiling();
        }
        var posts = rules.DirectCareRounding == PostRounding.SumThenRoundUp ? total.Ceiling() : perBand;
        return ((int)posts, total.ToDecimal(2));
    }

    /// 看護師 for infants at 1.7:1, rounded up.
    public static int NursePosts(StaffingRuleSet rules, int infants) =>
        infants <= 0 ? 0 : (int)(Fraction.Of(infants) / Fraction.Of(rules.NurseInfantsPerNurse)).Ceiling();

    public static FacilityCompliance Evaluate(
        StaffingRuleSet rules, FacilityOverview facility, StaffingInputs inputs, IEnumerable<StaffRecord> staff,
        IEnumerable<TrainingCompletion> completions, DateOnly asOf, decimal fullTimeWeeklyHours)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(facility);
        ArgumentNullException.ThrowIfNull(inputs);
        var completionList = completions.ToList();
        var openGroupHomes = facility.GroupHomes.Where(g => g.OpenedOn <= asOf).ToList();
        var satellites = openGroupHomes.Where(g => g.Kind == GroupHomeKind.SatelliteSmallGroupCare).ToList();
        var regionals = openGroupHomes.Where(g => g.Kind == GroupHomeKind.RegionalSmallScale).ToList();
        var regionalIds = regionals.Select(g => g.Id).ToHashSet();

        var onDuty = OnDuty(rules, staff, facility.Id, asOf, completionList, fullTimeWeeklyHours);
        var main = onDuty.Where(d => d.Assignment.GroupHomeId is not { } gh || !regionalIds.Contains(gh)).ToList();

        // 本体施設 and its 分園型 SGC are one establishment for the standard; 地域小規模 homes are staffed on their own.
        var capacity = facility.MainCapacity + satellites.Sum(g => g.Capacity);
        var smallGroups = inputs.SmallGroupUnits + satellites.Count;
        var (directPosts, exact) = DirectCarePosts(rules, inputs.Residents);
        var pool = main.Where(d => d.CountsAsDirectCare).Sum(d => d.Fte);

        var lines = new List<ComplianceLine>();
        var smallFacility = capacity <= rules.SmallFacilityMaxCapacity;
        var pooled = new List<(PostKind Post, Obligation Obligation, bool Applies, int Required, string Key, object[] Args)>
        {
            (PostKind.DirectCare, Obligation.Mandatory, true, directPosts, "Staff.Condition.DirectCare",
                [exact.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)]),
            (PostKind.SmallFacility, Obligation.Mandatory, smallFacility, smallFacility ? 1 : 0, "Staff.Condition.SmallFacility",
                [rules.SmallFacilityMaxCapacity, capacity]),
            (PostKind.SmallGroupCare, Obligation.AddOnOnly, smallGroups > 0, smallGroups * rules.PostsPerSmallGroup, "Staff.Condition.SmallGroupCare",
                [smallGroups]),
        };
        // One pool covers the ratio posts first, then the small-facility post, then one per SGC group; whatever is
        // left over shows as surplus on the last post that applies.
        var remaining = pool;
        var lastApplying = pooled.FindLastIndex(p => p.Applies);
        for (var i = 0; i < pooled.Count; i++)
        {
            var p = pooled[i];
            var assigned = !p.Applies ? 0m : i == lastApplying ? remaining : Math.Min(remaining, p.Required);
            remaining -= assigned;
            lines.Add(new ComplianceLine(p.Post, p.Obligation, p.Applies, p.Required, assigned, p.Key, p.Args));
        }

        var infants = inputs.Residents.Infants;
        var nursePosts = NursePosts(rules, infants);
        lines.Add(new ComplianceLine(PostKind.Nurse, Obligation.Mandatory, infants > 0, nursePosts,
            Fte(main, JobCategory.Nurse), "Staff.Condition.Nurse", [infants]));

        var seniorFte = main.Where(d => d.SeniorEligible).Sum(d => d.Fte);
        lines.Add(new ComplianceLine(PostKind.SeniorStaff, Obligation.AddOnOnly, true, 1, seniorFte, "Staff.Condition.SeniorStaff",
            [rules.SeniorStaffMinYears]));

        lines.Add(new ComplianceLine(PostKind.FamilySupportSpecialist, Obligation.Mandatory, true, 1,
            Fte(main, JobCategory.FamilySupportSpecialist), "Staff.Condition.FamilySupport", []));

        var individualApplies = facility.Kind != FacilityKind.InfantHome || capacity >= rules.IndividualCareMinCapacityInfantHome;
        lines.Add(new ComplianceLine(PostKind.IndividualCareWorker, Obligation.Mandatory, individualApplies, individualApplies ? 1 : 0,
            Fte(main, JobCategory.IndividualCareWorker), "Staff.Condition.IndividualCare", [rules.IndividualCareMinCapacityInfantHome - 1]));

        var psychologistApplies = inputs.ReceivingTherapy >= rules.PsychologistMinChildren;
        lines.Add(new ComplianceLine(PostKind.Psychologist, Obligation.Mandatory, psychologistApplies, psychologistApplies ? 1 : 0,
            Fte(main, JobCategory.Psychologist), "Staff.Condition.Psychologist", [rules.PsychologistMinChildren, inputs.ReceivingTherapy]));

        var nutritionistApplies = capacity >= rules.NutritionistMinCapacity;
        lines.Add(new ComplianceLine(PostKind.Nutritionist, Obligation.Mandatory, nutritionistApplies, nutritionistApplies ? 1 : 0,
            Fte(main, JobCategory.Nutritionist), "Staff.Condition.Nutritionist", [rules.NutritionistMinCapacity, capacity]));

        var groupHomes = regionals.Select(gh => GroupHome(rules, gh, onDuty.Where(d => d.Assignment.GroupHomeId == gh.Id).ToList())).ToList();

        var units = onDuty
            .GroupBy(d => (d.Assignment.GroupHomeId, Unit: d.Assignment.GroupHomeId is null ? d.Assignment.Unit : null))
            .Select(g => new UnitStaffing(g.Key.GroupHomeId, openGroupHomes.FirstOrDefault(h => h.Id == g.Key.GroupHomeId)?.Name ??
                    facility.GroupHomes.FirstOrDefault(h => h.Id == g.Key.GroupHomeId)?.Name, g.Key.Unit,
                g.Where(d => d.CountsAsDirectCare).Sum(d => d.Fte), g.Count()))
            .OrderBy(u => u.GroupHomeId is null ? 0 : 1).ThenBy(u => u.GroupHomeName ?? u.Unit ?? "", StringComparer.Ordinal).ToList();

        var ineligible = onDuty.Where(d => !d.Eligibility.IsEligible)
            .GroupBy(d => (d.Category, d.Eligibility.ReasonKey!))
            .Select(g => new IneligibleSummary(g.Key.Category, g.Key.Item2, g.Count(), g.Sum(d => d.Fte)))
            .ToList();

        var addOns = AddOns(lines, smallFacility);
        return new FacilityCompliance(facility.Id, facility.Name, facility.Kind, asOf, rules.Version, rules.Source, rules.DirectCareRounding,
            capacity, inputs, smallGroups, exact, lines, groupHomes, units, ineligible, addOns);
    }

    /// A staff member at work in a facility on the date, with the FTE and eligibility that count.
    public sealed record OnDutyStaff(
        Guid StaffId, JobCategory Category, bool FullTime, decimal Fte, Assignment Assignment, Eligibility Eligibility, bool SeniorEligible)
    {
        public bool CountsAsDirectCare => Eligibility.IsEligible && PostEligibility.CountsAsDirectCare(Category);
    }

    public static IReadOnlyList<OnDutyStaff> OnDuty(
        StaffingRuleSet rules, IEnumerable<StaffRecord> staff, Guid facilityId, DateOnly asOf,
        IReadOnlyCollection<TrainingCompletion> completions, decimal fullTimeWeeklyHours)
    {
        var list = new List<OnDutyStaff>();
        foreach (var s in staff)
        {
            if (s.AssignmentOn(asOf) is not { } assignment || assignment.FacilityId != facilityId || s.TermsOn(asOf) is not { } terms) continue;
            list.Add(new OnDutyStaff(s.Id, terms.Category, terms.Employment == EmploymentType.FullTime, Staff.Fte.Of(terms, fullTimeWeeklyHours),
                assignment, PostEligibility.ForCategory(s, terms.Category, asOf, rules),
                PostEligibility.ForSeniorPost(s, asOf, rules, completions).IsEligible));
        }
        return list;
    }

    private static decimal Fte(IEnumerable<OnDutyStaff> staff, JobCategory category) =>
        staff.Where(d => d.Category == category && d.Eligibility.IsEligible).Sum(d => d.Fte);

    /// 地域小規模児童養護施設: 常勤2人 + 非常勤1人 of direct-care staff (a third full-time person fills the part-time post too).
    private static GroupHomeCompliance GroupHome(StaffingRuleSet rules, GroupHomeSummary gh, IReadOnlyList<OnDutyStaff> staff)
    {
        var direct = staff.Where(d => d.CountsAsDirectCare).ToList();
        var fullTime = direct.Count(d => d.FullTime);
        var countedFullTime = Math.Min(fullTime, rules.GroupHomeFullTimePosts);
        var others = direct.Count - countedFullTime;
        return new GroupHomeCompliance(gh.Id, gh.Name,
        [
            new ComplianceLine(PostKind.GroupHomeFullTime, Obligation.Mandatory, true, rules.GroupHomeFullTimePosts, countedFullTime,
                "Staff.Condition.GroupHomeFullTime", [rules.GroupHomeFullTimePosts]),
            new ComplianceLine(PostKind.GroupHomePartTime, Obligation.Mandatory, true, rules.GroupHomePartTimePosts, others,
                "Staff.Condition.GroupHomePartTime", [rules.GroupHomePartTimePosts]),
        ]);
    }

    /// <summary>
    /// Which 加算 the staffing earns: a person-post add-on needs at least one full-time equivalent of eligible staff
    /// (and, for the nurse, the infants' requirement met); 小規模施設 needs the facility small and the pool beyond the
    /// ratio posts; 小規模グループケア counts the groups the remaining pool can staff.
    /// </summary>
    private static IReadOnlyList<AddOnQualification> AddOns(IReadOnlyList<ComplianceLine> lines, bool smallFacility)
    {
        ComplianceLine Line(PostKind post) => lines.Single(l => l.Post == post);
        var direct = Line(PostKind.DirectCare);
        var small = Line(PostKind.SmallFacility);
        var sgc = Line(PostKind.SmallGroupCare);
        var result = new List<AddOnQualification>();

        var ratioMet = direct.Gap == 0;
        result.Add(!smallFacility
            ? new(AddOnKind.SmallFacility, false, 0, "Staff.AddOn.NotSmall")
            : ratioMet && small.Gap == 0
                ? new(AddOnKind.SmallFacility, true, 1, "Staff.AddOn.Staffed")
                : new(AddOnKind.SmallFacility, false, 0, "Staff.AddOn.PoolShort"));

        var sgcUnits = sgc.Applies && ratioMet && small.Gap == 0 ? (int)Math.Min(sgc.Required, Math.Floor(sgc.Assigned)) : 0;
        result.Add(!sgc.Applies
            ? new(AddOnKind.SmallGroupCare, false, 0, "Staff.AddOn.NoGroups")
            : new(AddOnKind.SmallGroupCare, sgcUnits > 0, sgcUnits, sgcUnits > 0 ? "Staff.AddOn.Staffed" : "Staff.AddOn.PoolShort"));

        var nurse = Line(PostKind.Nurse);
        result.Add(PersonPost(AddOnKind.Nurse, nurse.Assigned, nurse.Applies ? Math.Max(1, nurse.Required) : 1));
        result.Add(PersonPost(AddOnKind.SeniorStaff, Line(PostKind.SeniorStaff).Assigned, 1));
        result.Add(PersonPost(AddOnKind.FamilySupportSpecialist, Line(PostKind.FamilySupportSpecialist).Assigned, 1));
        result.Add(PersonPost(AddOnKind.IndividualCareWorker, Line(PostKind.IndividualCareWorker).Assigned, 1));
        result.Add(PersonPost(AddOnKind.Psychologist, Line(PostKind.Psychologist).Assigned, 1));
        return result;
    }

    private static AddOnQualification PersonPost(AddOnKind kind, decimal assigned, int needed) =>
        assigned >= needed ? new(kind, true, 1, "Staff.AddOn.Staffed") : new(kind, false, 0, "Staff.AddOn.NotStaffed");
}
