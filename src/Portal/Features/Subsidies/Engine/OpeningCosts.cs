namespace Hidamari.Portal.Features.Subsidies.Engine;

/// <summary>
/// What decentralization costs (seed 003, 必要経費 and the ward's support measures): opening a group home, and the
/// 多機能化 conversions, staff development and environment improvements that go with it. Members are only ever
/// appended: stored events and documents name them.
/// </summary>
public enum OpeningCostKind
{
    /// 初期経費: 礼金・仲介手数料等 for renting the house (扶助費)
    InitialLease,
    /// 年間経費: 家賃等 (扶助費)
    AnnualRent,
    /// 初期経費: 備品購入費 (補助金)
    Equipment,
    /// 多機能化のための改築・改修費: freed main-building space converted to new functions (seed 003 第3 3)
    MultifunctionConversion,
    /// 研修受講費: external training fees of the staff (seed 003: 外部研修受講費用をはじめとする、職員の資質向上のために要する費用)
    TrainingFee,
    /// 基幹的職員研修・スーパービジョン: senior-staff training and supervision, so that staff in small units are not isolated (seed 003)
    Supervision,
    /// 環境改善費: improvements of the living environment as 地域分散化
    EnvironmentImprovement,
}

/// Programmes whose cost-sharing the rate table states (CostShare rows, Key = programme).
public static class Programmes
{
    /// 児童入所施設措置費等国庫負担金 (national burden, 国庫負担)
    public const string PlacementCostBurden = "PlacementCostBurden";
    /// 児童虐待・DV対策等総合支援事業費国庫補助金 (national subsidy, 国庫補助)
    public const string AbuseDvGrant = "AbuseDvGrant";
    /// 施設整備 as 地域分散化 (国 2/3)
    public const string FacilityWorksDecentralized = "FacilityWorksDecentralized";
    /// 施設整備 otherwise
    public const string FacilityWorks = "FacilityWorks";
    /// 児童虐待・DV対策等総合支援事業 sub-programmes for staff development (研修受講費・基幹的職員・スーパービジョン), 国 1/2
    public const string StaffDevelopment = "StaffDevelopment";
    /// 環境改善 as 地域分散化 (国 2/3, 都道府県 1/3)
    public const string EnvironmentImprovementDecentralized = "EnvironmentImprovementDecentralized";

    /// Every programme a grant item may be split by; the rate table states each one's shares.
    public static readonly IReadOnlyList<string> All =
        [PlacementCostBurden, AbuseDvGrant, FacilityWorksDecentralized, FacilityWorks, StaffDevelopment, EnvironmentImprovementDecentralized];

    /// A burden (負担金) rather than a subsidy (補助金): decides whether the national share is 国庫負担 or 国庫補助.
    public static bool IsBurden(string programme) => programme == PlacementCostBurden;
}

/// <param name="GroupHome">Which home (or "2か所合計" when the source gives only the sum).</param>
/// <param name="Programme">The programme that funds this item.</param>
public sealed record OpeningCostItem(string GroupHome, OpeningCostKind Kind, string Description, long Yen, string Programme);

/// Part of a programme's items that its national share does not cover (deposits, rent above a cap …), with why.
public sealed record ShareExclusion(string Programme, long Yen, string Reason);

/// <param name="Items">Lease and equipment figures as entered (or, later, read from the leases feature).</param>
public sealed record OpeningCostPlan(int FiscalYear, IReadOnlyList<OpeningCostItem> Items, IReadOnlyList<ShareExclusion> Exclusions);

public sealed record PartyShare(CostParty Party, Fraction? Share, long Yen);

/// <summary>One programme's split: items − exclusions = eligible base; each party its share of the base, the
/// prefecture (or ward) the rest, since it pays the items and bears what is excluded and rounding.</summary>
public sealed record ProgrammeSplit(
    string Programme, bool IsBurden, long ItemsYen, long ExcludedYen, long EligibleYen, IReadOnlyList<PartyShare> Shares, Citation Citation);

public sealed record OpeningCostSplit(
    int FiscalYear,
    IReadOnlyList<OpeningCostItem> Items,
    IReadOnlyList<ProgrammeSplit> Programmes,
    IReadOnlyList<StatementWarning> Warnings,
    long InitialLeaseYen,
    long AnnualRentYen,
    long EquipmentYen,
    long NationalBurdenYen,
    long NationalSubsidyYen,
    long PrefectureYen,
    long MunicipalityYen,
    long OwnerYen,
    Guid TableId,
    int TableNumber,
    RoundingRule Rounding)
{
    /// 歳出: every item, of whatever kind.
    public long TotalExpenditureYen => Items.Sum(i => i.Yen);

    /// The items of one kind (the three opening kinds also have their own members).
    public long KindYen(OpeningCostKind kind) => Items.Where(i => i.Kind == kind).Sum(i => i.Yen);

    /// Items of the kinds beyond the three of a GH opening (conversions, training, supervision, environment).
    public long OtherKindsYen => TotalExpenditureYen - InitialLeaseYen - AnnualRentYen - EquipmentYen;

    /// 歳入 of the ward: the national shares.
    public long TotalRevenueYen => NationalBurdenYen + NationalSubsidyYen;
}

/// <summary>
/// The cost of opening group homes and who bears it (seed 003: 歳出 扶助費 + 補助金, 歳入 国庫負担 + 国庫補助).
/// Pure: items and shares in, split out, whole yen by the table's rounding rule.
/// </summary>
public static class OpeningCosts
{
    public static OpeningCostSplit Split(OpeningCostPlan plan, RateTable table)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(table);
        var warnings = new List<StatementWarning>();
        var splits = new List<ProgrammeSplit>();
        foreach (var programme in plan.Items.Select(i => i.Programme).Distinct().Order(StringComparer.Ordinal))
        {
            var items = plan.Items.Where(i => i.Programme == programme).Sum(i => i.Yen);
            var excluded = Math.Min(items, plan.Exclusions.Where(e => e.Programme == programme).Sum(e => e.Yen));
            var eligible = items - excluded;
            var rows = table.Rows(RateItems.CostShare).Where(r => r.Key == programme && r.Share is not null && r.Party is not null).ToList();
            var citation = new Citation(RateItems.CostShare, programme, "", "", table.Id, table.Number, table.FiscalYear, table.Notice);
            if (rows.Count == 0)
            {
                warnings.Add(new("MissingRate", RateItems.CostShare, programme));
                splits.Add(new(programme, Programmes.IsBurden(programme), items, excluded, eligible,
                    [new PartyShare(CostParty.Prefecture, null, items)], citation));
                continue;
            }
            var shares = new List<PartyShare>();
            foreach (var party in new[] { CostParty.National, CostParty.Municipality, CostParty.Owner })
                if (rows.FirstOrDefault(r => r.Party == party) is { } row)
                    shares.Add(new(party, row.Share, table.Round(row.Share!.Value.Of(eligible))));
            var prefectureShare = rows.FirstOrDefault(r => r.Party == CostParty.Prefecture)?.Share;
            shares.Add(new(CostParty.Prefecture, prefectureShare, items - shares.Sum(s => s.Yen)));
            splits.Add(new(programme, Programmes.IsBurden(programme), items, excluded, eligible,
                shares.OrderBy(s => s.Party).ToList(), citation));
        }

        long Party(CostParty party, Func<ProgrammeSplit, bool>? where = null) =>
            splits.Where(s => where?.Invoke(s) ?? true).SelectMany(s => s.Shares).Where(s => s.Party == party).Sum(s => s.Yen);
        long Kind(OpeningCostKind kind) => plan.Items.Where(i => i.Kind == kind).Sum(i => i.Yen);

        return new OpeningCostSplit(plan.FiscalYear, plan.Items, splits, warnings,
            Kind(OpeningCostKind.InitialLease), Kind(OpeningCostKind.AnnualRent), Kind(OpeningCostKind.Equipment),
            Party(CostParty.National, s => s.IsBurden), Party(CostParty.National, s => !s.IsBurden),
            Party(CostParty.Prefecture), Party(CostParty.Municipality), Party(CostParty.Owner),
            table.Id, table.Number, table.Rounding);
    }

    /// <summary>
    /// Seed 003, 令和4年度 (FY2022), two group homes: 扶助費 3,974 + 14,124 and 補助金 16,000 thousand yen. The seed
    /// gives 国庫負担 8,239 at 1/2, i.e. an eligible base of 16,478 of the 18,098 扶助費; it does not say which part
    /// was not eligible, so the 1,620 difference is entered as an exclusion that says so.
    /// </summary>
    public static OpeningCostPlan SetagayaFy2022() => new(2022,
    [
        new("2か所合計", OpeningCostKind.InitialLease, "施設借り上げのための礼金、仲介手数料等", 3_974_000, Programmes.PlacementCostBurden),
        new("2か所合計", OpeningCostKind.AnnualRent, "グループホーム運営にかかる家賃等（年間）", 14_124_000, Programmes.PlacementCostBurden),
        new("2か所合計", OpeningCostKind.Equipment, "グループホーム開設にかかる備品購入費", 16_000_000, Programmes.AbuseDvGrant),
    ],
    [
        new(Programmes.PlacementCostBurden, 1_620_000,
            "国庫負担の対象外（資料は国庫負担 8,239千円・負担割合1/2のみを示し、対象外の内訳は記載なし）"),
    ]);

    /// Later openings are costed per home from a base (seed 003: "1か所あたりの必要経費を基準とし"): the base divided by its homes.
    public static OpeningCostPlan PerHome(OpeningCostPlan basePlan, int homesInBase, string groupHome, int fiscalYear)
    {
        ArgumentNullException.ThrowIfNull(basePlan);
        ArgumentOutOfRangeException.ThrowIfLessThan(homesInBase, 1);
        return new(fiscalYear,
            basePlan.Items.Select(i => i with { GroupHome = groupHome, Yen = i.Yen / homesInBase }).ToList(),
            basePlan.Exclusions.Select(e => e with { Yen = e.Yen / homesInBase }).ToList());
    }
}
