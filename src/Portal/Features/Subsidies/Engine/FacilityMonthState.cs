namespace Hidamari.Portal.Features.Subsidies.Engine;

/// What the engine prices: kinds as the 措置費 notice distinguishes them.
public enum SubsidyFacilityKind
{
    /// 児童養護施設
    ChildrensHome,
    /// 乳児院
    InfantHome,
    /// ファミリーホーム (小規模住居型児童養育事業): paid by 定員 for its first six months, then by 現員 (seed 001).
    FamilyHome,
}

/// Posts that qualify for 職員加算 (seed 001, 措置費の人員配置).
public enum StaffPost
{
    /// 心理療法担当職員
    Psychologist,
    /// 看護師
    Nurse,
    /// 被虐待児個別対応職員
    IndividualCare,
    /// 家庭支援専門相談員
    FamilySupport,
    /// 基幹的職員
    Senior,
}

/// 現員 by age band. Counts only: no child is ever a record.
public sealed record ResidentsByAge(
    int Infants = 0, int Toddlers = 0, int Preschool = 0, int Elementary = 0, int JuniorHigh = 0, int HighSchool = 0, int Older = 0)
{
    public int Total => Infants + Toddlers + Preschool + Elementary + JuniorHigh + HighSchool + Older;

    /// Residents all counted in one band, for estimates that know only the total.
    public static ResidentsByAge Unbanded(int total) => new(Elementary: total);
}

/// A 地域小規模児童養護施設 paid with its own rate, by its 定員.
public sealed record RegionalGroupHome(string Name, int Capacity);

/// <summary>
/// A facility as the engine needs it for one month. Built by <c>FacilityStateAdapter</c> from recorded data plus
/// figures finance enters; the engine itself never reads a store.
/// </summary>
/// <param name="Capacity">定員 of the facility (main building with its satellite SGC).</param>
/// <param name="Region">地域区分; empty when the table does not distinguish regions.</param>
/// <param name="SmallGroupCareUnits">小規模グループケア units (in the main building or satellite GH).</param>
/// <param name="ImprovementClass">民改費 class (by average staff tenure) as the table names it, e.g. "9%".</param>
/// <param name="OpenedOn">When the home opened; decides the family-home six-month rule.</param>
public sealed record FacilityMonthState(
    string FacilityName,
    SubsidyFacilityKind Kind,
    string Region,
    int Capacity,
    ResidentsByAge Residents,
    int SmallGroupCareUnits,
    IReadOnlyList<RegionalGroupHome> RegionalGroupHomes,
    IReadOnlyList<StaffPost> QualifyingPosts,
    string ImprovementClass,
    DateOnly? OpenedOn = null);
