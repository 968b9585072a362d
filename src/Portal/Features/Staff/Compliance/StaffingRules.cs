namespace Hidamari.Portal.Features.Staff.Compliance;

/// 年齢区分 used by the direct-care ratios.
public enum AgeBand
{
    /// 乳児 (0歳)
    Infant,
    /// 1・2歳児
    Toddler,
    /// 3歳以上の幼児 (就学前)
    PreSchool,
    /// 少年 (就学以降)
    SchoolAge,
}

/// How required direct-care posts are rounded to whole people.
public enum PostRounding
{
    /// Children ÷ ratio per band, the fractions summed, the total rounded up once.
    SumThenRoundUp,
    /// Each band rounded up on its own, then added.
    RoundUpPerBand,
}

/// 児童:職員 = <see cref="ChildrenPerStaff"/> : 1 for one age band.
public sealed record BandRatio(AgeBand Band, decimal ChildrenPerStaff);

/// <summary>
/// One version of the staffing standard (職員配置基準) with its add-on posts (加算職員), as data: ratios have been
/// improved since 2011, so a later version is a new entry here, never an edit of this one.
/// </summary>
/// <param name="DirectCareRounding">How fractional posts become people; see <see cref="StaffingRuleSets.Standard2011"/>.</param>
/// <param name="PsychologistMinChildren">心理療法担当職員 is required when at least this many children receive therapy.</param>
/// <param name="NurseInfantsPerNurse">看護師: infants per nurse (乳児 1.7:1), counted within direct care.</param>
/// <param name="NutritionistMinCapacity">栄養士 from this capacity (定員41人以上).</param>
/// <param name="SmallFacilityMaxCapacity">小規模施設加算: one more 児童指導員又は保育士 up to this capacity (定員45人以下).</param>
/// <param name="PostsPerSmallGroup">小規模グループケア加算: posts per SGC group.</param>
/// <param name="IndividualCareMinCapacityInfantHome">乳児院 need 個別対応職員 only above capacity 20 (定員20人以下を除く).</param>
/// <param name="FamilySupportMinYears">家庭支援専門相談員 without a listed qualification: years of facility experience.</param>
/// <param name="SeniorStaffMinYears">基幹的職員: years of experience besides the 基幹的職員研修 (not in the seeds; data).</param>
/// <param name="GroupHomeFullTimePosts">地域小規模児童養護施設: 職員2人 (常勤).</param>
/// <param name="GroupHomePartTimePosts">地域小規模児童養護施設: +非常勤1人.</param>
public sealed record StaffingRuleSet(
    string Version,
    DateOnly EffectiveFrom,
    string Source,
    IReadOnlyList<BandRatio> DirectCareRatios,
    PostRounding DirectCareRounding,
    int PsychologistMinChildren,
    decimal NurseInfantsPerNurse,
    int NutritionistMinCapacity,
    int SmallFacilityMaxCapacity,
    int PostsPerSmallGroup,
    int IndividualCareMinCapacityInfantHome,
    decimal FamilySupportMinYears,
    decimal SeniorStaffMinYears,
    int GroupHomeFullTimePosts,
    int GroupHomePartTimePosts)
{
    public decimal RatioFor(AgeBand band) => DirectCareRatios.Single(r => r.Band == band).ChildrenPerStaff;
}

public static class StaffingRuleSets
{
    /// <summary>
    /// 平成23年 (2011) 児童福祉施設最低基準の見直し as summarized in seed 001 (資料6 p.13 and p.42): 児童指導員・保育士
    /// 乳児 1.7:1, 1・2歳児 2:1, 年少児 (3歳～) 4:1, 少年 (就学～) 6:1; 加算 家庭支援専門相談員, 個別対応職員,
    /// 心理療法担当職員 (対象者10人以上), 看護師 (乳児1.7:1), 栄養士 (定員41人以上), 小規模施設 (定員45人以下 +1),
    /// 小規模グループケア (1カ所1人); 地域小規模児童養護施設 職員2人+非常勤1人.
    /// <para>Rounding: the seed lists one post, 「児童指導員、保育士」, with the four ratios beside it — one pool of
    /// staff for the whole facility, not one per age band (the standard's wording is 「総数は、通じて」). So the
    /// children of each band are divided by its ratio, the fractions are summed, and the total is rounded up once
    /// (10 school-age ÷ 6 + 4 pre-school ÷ 4 = 2.67 → 3 posts). Rounding per band would charge a facility a whole
    /// post for one child of each band (1 ÷ 6 + 1 ÷ 4 → 2 instead of 1).</para>
    /// </summary>
    public static readonly StaffingRuleSet Standard2011 = new(
        Version: "2011",
        EffectiveFrom: new DateOnly(2011, 6, 17),
        Source: "資料6「社会的養護の現状について」(厚生労働省, 平成23年) pp.13, 41-42",
        DirectCareRatios:
        [
            new BandRatio(AgeBand.Infant, 1.7m),
            new BandRatio(AgeBand.Toddler, 2m),
            new BandRatio(AgeBand.PreSchool, 4m),
            new BandRatio(AgeBand.SchoolAge, 6m),
        ],
        DirectCareRounding: PostRounding.SumThenRoundUp,
        PsychologistMinChildren: 10,
        NurseInfantsPerNurse: 1.7m,
        NutritionistMinCapacity: 41,
        SmallFacilityMaxCapacity: 45,
        PostsPerSmallGroup: 1,
        IndividualCareMinCapacityInfantHome: 21,
        FamilySupportMinYears: 5m,
        SeniorStaffMinYears: 10m,
        GroupHomeFullTimePosts: 2,
        GroupHomePartTimePosts: 1);

    /// Every version, oldest first.
    public static readonly IReadOnlyList<StaffingRuleSet> All = [Standard2011];

    /// The version in force on a date (the oldest one before any version began: the portal has nothing older).
    public static StaffingRuleSet InForceOn(DateOnly date, IReadOnlyList<StaffingRuleSet>? versions = null)
    {
        var list = versions ?? All;
        return list.Where(v => v.EffectiveFrom <= date).OrderBy(v => v.EffectiveFrom).LastOrDefault() ?? list.OrderBy(v => v.EffectiveFrom).First();
    }
}
