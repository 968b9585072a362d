namespace Hidamari.Portal.Features.Subsidies.Engine;

/// <summary>
/// What a rate-table row prices. The codes are the CSV/Excel column values, so they never change once published.
/// </summary>
public static class RateItems
{
    /// 一般保護単価 (事務費): yen per child per month by facility kind × 定員 band × 地域区分.
    public const string BasicProtection = "BasicProtection";
    /// 小規模施設加算 (事務費): yen per child per month for facilities up to a 定員 (45 in FY2011).
    public const string SmallFacility = "SmallFacility";
    /// 職員加算 (事務費): yen per child per month for the posts named in Key ("+"-joined <see cref="StaffPost"/> names).
    public const string StaffAddOn = "StaffAddOn";
    /// 小規模グループケア加算: yen per SGC unit per month.
    public const string SmallGroupCare = "SmallGroupCare";
    /// 地域小規模児童養護施設: yen per child per month by GH 定員 band.
    public const string RegionalSmallHome = "RegionalSmallHome";
    /// 民間施設給与等改善費: percent of the 事務費 per child, by class (Key) of average staff tenure.
    public const string PrivateImprovement = "PrivateImprovement";
    /// 一般生活費 (事業費): yen per child per month by facility kind.
    public const string GeneralLiving = "GeneralLiving";
    /// その他の事業費 (教育費・支度費・医療費等), budget average: yen per child per month.
    public const string OtherBudgetAverage = "OtherBudgetAverage";
    /// Education and independence items (入進学支度費, 学用品費, 特別育成費 …), Key names the item. Reference data.
    public const string Education = "Education";
    /// 里親手当・里親の一般生活費, Key names the item. Reference data.
    public const string FosterAllowance = "FosterAllowance";
    /// 負担割合: the share (fraction) a Party bears of the programme named in Key.
    public const string CostShare = "CostShare";

    public static readonly IReadOnlyList<string> All =
    [
        BasicProtection, SmallFacility, StaffAddOn, SmallGroupCare, RegionalSmallHome, PrivateImprovement,
        GeneralLiving, OtherBudgetAverage, Education, FosterAllowance, CostShare,
    ];
}

/// Who bears a share of a programme's cost.
public enum CostParty
{
    /// 国
    National,
    /// 都道府県・指定都市・児童相談所設置市 (Setagaya bears the prefecture's share since it runs its own 児童相談所)
    Prefecture,
    /// 市区町村
    Municipality,
    /// 設置者 (the corporation)
    Owner,
}

/// <summary>How amounts derived from a percentage or a fraction become whole yen; the statement quotes it.</summary>
public enum RoundingRule
{
    /// 円未満切り捨て
    Floor,
    /// 円未満四捨五入
    HalfUp,
    /// 円未満切り上げ
    Ceiling,
}

/// <summary>
/// One row of a rate table. Empty <see cref="FacilityKind"/>/<see cref="Region"/> match any; a missing band
/// bound is open. Exactly one of <see cref="Yen"/>, <see cref="Percent"/>, <see cref="Share"/> carries the value.
/// </summary>
public sealed record RateEntry(
    string Item,
    string Key,
    string FacilityKind,
    string Region,
    int? CapacityFrom,
    int? CapacityTo,
    long? Yen,
    decimal? Percent,
    Fraction? Share,
    CostParty? Party,
    string Label)
{
    public bool CoversCapacity(int capacity) =>
        (CapacityFrom is not { } from || capacity >= from) && (CapacityTo is not { } to || capacity <= to);

    public bool MatchesKind(SubsidyFacilityKind kind) => FacilityKind.Length == 0 || FacilityKind == kind.ToString();

    public bool MatchesRegion(string region) => Region.Length == 0 || Region == region;

    public string Band => (CapacityFrom, CapacityTo) switch
    {
        (null, null) => "",
        ({ } f, null) => $"{f}–",
        (null, { } t) => $"–{t}",
        ({ } f, { } t) when f == t => $"{f}",
        ({ } f, { } t) => $"{f}–{t}",
    };
}

/// <summary>A published rate-table version: the figures of one notice, in force from <see cref="EffectiveFrom"/>.</summary>
/// <param name="Number">The version number (1, 2, …) in publication order; statements cite it.</param>
/// <param name="Jurisdiction">"全国" for national tables, otherwise the jurisdiction whose rules they are.</param>
/// <param name="Notice">The notice or document that set the figures.</param>
public sealed record RateTable(
    Guid Id,
    int Number,
    string Jurisdiction,
    int FiscalYear,
    DateOnly EffectiveFrom,
    string Notice,
    RoundingRule Rounding,
    IReadOnlyList<RateEntry> Entries)
{
    public const string National = "全国";

    public IEnumerable<RateEntry> Rows(string item) => Entries.Where(e => e.Item == item);

    /// Rounds a non-integral amount to whole yen by this table's rule.
    public long Round(decimal amount) => Rounding switch
    {
        RoundingRule.Floor => (long)decimal.Floor(amount),
        RoundingRule.Ceiling => (long)decimal.Ceiling(amount),
        _ => (long)decimal.Round(amount, 0, MidpointRounding.AwayFromZero),
    };
}

/// An exact share such as 1/2, 2/3 or 1/12 (負担割合・補助率), so no share is ever a rounded decimal.
public readonly record struct Fraction(int Numerator, int Denominator)
{
    public override string ToString() => $"{Numerator}/{Denominator}";

    public static Fraction Parse(string text)
    {
        var parts = text.Trim().Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], out var n) || !int.TryParse(parts[1], out var d) || d <= 0 || n < 0 || n > d)
            throw new FormatException($"'{text}' is not a share like 1/2");
        return new Fraction(n, d);
    }

    public static bool TryParse(string? text, out Fraction share)
    {
        share = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        try { share = Parse(text); return true; }
        catch (FormatException) { return false; }
    }

    public decimal Of(long yen) => (decimal)yen * Numerator / Denominator;
}
