namespace Hidamari.Portal.Features.Subsidies.Engine;

/// 事務費 (staff and administration) or 事業費 (living costs), or an add-on paid per unit or per home.
public enum StatementPart
{
    /// 事務費
    Administration,
    /// 事業費
    Operation,
    /// 加算 paid per SGC unit or per group home
    AddOn,
}

/// What a line's quantity counts.
public enum QuantityBasis
{
    /// 定員 (定員払い)
    Capacity,
    /// 現員
    Residents,
    /// か所 (units or homes)
    Units,
}

/// The rate-table row and version a line comes from.
public sealed record Citation(string Item, string Key, string Band, string Region, Guid TableId, int TableNumber, int TableFiscalYear, string Notice);

/// <summary>One line of a statement: <see cref="UnitYen"/> × <see cref="Quantity"/> = <see cref="Amount"/>.</summary>
/// <param name="Code">Stable identifier of the line within a statement (adjustments and diffs refer to it).</param>
/// <param name="Label">The rate-table row's own label (Japanese, as in the notice).</param>
/// <param name="Detail">How a derived unit was computed (民改費: base × percent, rounding).</param>
public sealed record StatementLine(
    string Code, StatementPart Part, string Item, string Label, Citation Citation,
    long UnitYen, int Quantity, QuantityBasis Basis, long Amount, string Detail = "");

/// <summary>Something the table could not price: the statement is then incomplete and says what is missing.</summary>
/// <param name="Code">MissingRate, MissingImprovementClass, UncoveredPost.</param>
public sealed record StatementWarning(string Code, string Item, string Detail);

/// A 民改費 class and the per-child total it would give, so the statement shows which class reaches which total.
public sealed record ImprovementOption(string Class, decimal Percent, long UnitYen, long PerChildTotal);

public sealed record ImprovementSummary(string AppliedClass, decimal AppliedPercent, long BaseYen, IReadOnlyList<ImprovementOption> Options);

/// <summary>An itemized monthly 措置費 estimate. <see cref="Total"/> is always the sum of the line amounts.</summary>
/// <param name="PerChildTotal">Sum of the per-child unit prices (the "児童1人月額" of seed 001).</param>
public sealed record PlacementFeeStatement(
    string FacilityName,
    DateOnly Month,
    Guid TableId,
    int TableNumber,
    int TableFiscalYear,
    DateOnly TableEffectiveFrom,
    string Notice,
    RoundingRule Rounding,
    IReadOnlyList<StatementLine> Lines,
    IReadOnlyList<StatementWarning> Warnings,
    ImprovementSummary? Improvement,
    long PerChildTotal,
    long Total)
{
    public bool IsComplete => Warnings.Count == 0;
}

/// <summary>
/// 措置費 (placement fees) for one facility and month: 事務費 (一般保護単価 + 加算 + 民改費) paid by 定員, and
/// 事業費 (一般生活費 + その他) paid by 現員 (seed 001, 措置費の例). Pure and deterministic: the same state, month
/// and table always give the same statement, in whole yen.
/// </summary>
public static class PlacementFee
{
    public static PlacementFeeStatement Estimate(FacilityMonthState state, DateOnly month, RateTable table)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(table);
        month = new DateOnly(month.Year, month.Month, 1);
        var lines = new List<StatementLine>();
        var warnings = new List<StatementWarning>();
        var administrationCount = AdministrationCount(state, month);
        var administrationBasis = administrationCount.Basis;
        var residents = state.Residents.Total;

        Citation Cite(RateEntry row) => new(row.Item, row.Key, row.Band, row.Region, table.Id, table.Number, table.FiscalYear, table.Notice);

        StatementLine PerChild(string code, StatementPart part, RateEntry row, long unit, int quantity, QuantityBasis basis, string detail = "") =>
            new(code, part, row.Item, row.Label, Cite(row), unit, quantity, basis, unit * quantity, detail);

        // 事務費: 一般保護単価 by kind × 定員 band × 地域区分 (a region-specific row wins over an any-region row).
        var basic = Best(table.Rows(RateItems.BasicProtection).Where(r => r.MatchesKind(state.Kind) && r.CoversCapacity(state.Capacity)), state.Region);
        if (basic is null)
            warnings.Add(new("MissingRate", RateItems.BasicProtection, $"{state.Kind} 定員{state.Capacity} {state.Region}".TrimEnd()));
        else
            lines.Add(PerChild("BasicProtection", StatementPart.Administration, basic, basic.Yen!.Value, administrationCount.Count, administrationBasis));

        // 小規模施設加算: only where a row covers this 定員 (FY2011: 定員45人以下); none is not an omission.
        var small = Best(table.Rows(RateItems.SmallFacility).Where(r => r.MatchesKind(state.Kind) && r.CoversCapacity(state.Capacity)), state.Region);
        if (small is not null)
            lines.Add(PerChild("SmallFacility", StatementPart.Administration, small, small.Yen!.Value, administrationCount.Count, administrationBasis));

        // 職員加算: rows name the posts they pay for; take the widest rows first so a bundled figure is not double counted.
        var uncovered = new HashSet<StaffPost>(state.QualifyingPosts);
        var staffRows = table.Rows(RateItems.StaffAddOn)
            .Where(r => r.MatchesKind(state.Kind) && r.CoversCapacity(state.Capacity) && r.MatchesRegion(state.Region))
            .Select(r => (Row: r, Posts: ParsePosts(r.Key)))
            .Where(r => r.Posts.Count > 0)
            .OrderByDescending(r => r.Posts.Count).ThenBy(r => r.Row.Key, StringComparer.Ordinal);
        foreach (var (row, posts) in staffRows)
        {
            if (!posts.All(uncovered.Contains)) continue;
            uncovered.ExceptWith(posts);
            lines.Add(PerChild($"StaffAddOn:{row.Key}", StatementPart.Administration, row, row.Yen!.Value, administrationCount.Count, administrationBasis));
        }
        foreach (var post in uncovered.Order())
            warnings.Add(new("UncoveredPost", RateItems.StaffAddOn, $"{post} 定員{state.Capacity}"));

        // 民間施設給与等改善費: the class's percent of the 事務費 per child above, rounded by the table's rule.
        ImprovementSummary? improvement = null;
        var improvementBase = lines.Where(l => l.Part == StatementPart.Administration).Sum(l => l.UnitYen);
        var classes = table.Rows(RateItems.PrivateImprovement).Where(r => r.Percent is not null && r.MatchesKind(state.Kind)).ToList();
        var applied = classes.FirstOrDefault(r => r.Key == state.ImprovementClass);
        if (applied is null)
            warnings.Add(new("MissingImprovementClass", RateItems.PrivateImprovement, state.ImprovementClass));
        else
        {
            var unit = table.Round(improvementBase * applied.Percent!.Value / 100m);
            lines.Add(PerChild("PrivateImprovement", StatementPart.Administration, applied, unit, administrationCount.Count, administrationBasis,
                $"{improvementBase}×{applied.Percent.Value}%"));
        }

        // 事業費 by 現員.
        var living = Best(table.Rows(RateItems.GeneralLiving).Where(r => r.MatchesKind(state.Kind)), state.Region);
        if (living is null) warnings.Add(new("MissingRate", RateItems.GeneralLiving, state.Kind.ToString()));
        else lines.Add(PerChild("GeneralLiving", StatementPart.Operation, living, living.Yen!.Value, residents, QuantityBasis.Residents));

        var other = Best(table.Rows(RateItems.OtherBudgetAverage).Where(r => r.MatchesKind(state.Kind)), state.Region);
        if (other is null) warnings.Add(new("MissingRate", RateItems.OtherBudgetAverage, state.Kind.ToString()));
        else lines.Add(PerChild("OtherBudgetAverage", StatementPart.Operation, other, other.Yen!.Value, residents, QuantityBasis.Residents));

        var perChildTotal = lines.Sum(l => l.UnitYen);
        if (applied is not null)
        {
            var withoutImprovement = perChildTotal - lines.Single(l => l.Code == "PrivateImprovement").UnitYen;
            var options = classes.OrderBy(c => c.Percent).Select(c =>
            {
                var unit = table.Round(improvementBase * c.Percent!.Value / 100m);
                return new ImprovementOption(c.Key, c.Percent.Value, unit, withoutImprovement + unit);
            }).ToList();
            improvement = new ImprovementSummary(applied.Key, applied.Percent!.Value, improvementBase, options);
        }

        // Add-ons paid per unit or per home, outside the per-child figure.
        if (state.SmallGroupCareUnits > 0)
        {
            var sgc = Best(table.Rows(RateItems.SmallGroupCare).Where(r => r.MatchesKind(state.Kind)), state.Region);
            if (sgc is null) warnings.Add(new("MissingRate", RateItems.SmallGroupCare, $"{state.SmallGroupCareUnits}"));
            else lines.Add(new("SmallGroupCare", StatementPart.AddOn, sgc.Item, sgc.Label, Cite(sgc), sgc.Yen!.Value,
                state.SmallGroupCareUnits, QuantityBasis.Units, sgc.Yen.Value * state.SmallGroupCareUnits));
        }
        foreach (var home in state.RegionalGroupHomes)
        {
            var gh = Best(table.Rows(RateItems.RegionalSmallHome).Where(r => r.CoversCapacity(home.Capacity)), state.Region);
            if (gh is null) warnings.Add(new("MissingRate", RateItems.RegionalSmallHome, $"{home.Name} 定員{home.Capacity}"));
            else lines.Add(new($"RegionalSmallHome:{home.Name}", StatementPart.AddOn, gh.Item, gh.Label, Cite(gh), gh.Yen!.Value,
                home.Capacity, QuantityBasis.Capacity, gh.Yen.Value * home.Capacity, home.Name));
        }

        return new PlacementFeeStatement(state.FacilityName, month, table.Id, table.Number, table.FiscalYear, table.EffectiveFrom,
            table.Notice, table.Rounding, lines, warnings, improvement, perChildTotal, lines.Sum(l => l.Amount));
    }

    /// 事務費 is paid by 定員; a family home by 定員 only for the month it opened and the five after, then by 現員.
    public static (int Count, QuantityBasis Basis) AdministrationCount(FacilityMonthState state, DateOnly month)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Kind != SubsidyFacilityKind.FamilyHome || state.OpenedOn is not { } opened) return (state.Capacity, QuantityBasis.Capacity);
        var monthsOpen = (month.Year - opened.Year) * 12 + month.Month - opened.Month;
        return monthsOpen < 6 ? (state.Capacity, QuantityBasis.Capacity) : (state.Residents.Total, QuantityBasis.Residents);
    }

    private static RateEntry? Best(IEnumerable<RateEntry> rows, string region)
    {
        var candidates = rows.Where(r => r.Yen is not null && r.MatchesRegion(region)).ToList();
        return candidates.FirstOrDefault(r => r.Region.Length > 0) ?? candidates.FirstOrDefault();
    }

    public static IReadOnlySet<StaffPost> ParsePosts(string key)
    {
        var posts = new HashSet<StaffPost>();
        foreach (var part in key.Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<StaffPost>(part, out var post)) return new HashSet<StaffPost>();
            posts.Add(post);
        }
        return posts;
    }
}
