using Hidamari.Portal.Features.Grants.Programmes;
using Hidamari.Portal.Features.Subsidies.Engine;

namespace Hidamari.Portal.Features.Grants.Calculating;

/// One cost item of an application (申請額の内訳). <paramref name="Source"/> says where the figure came from
/// ("lease:…" for a recorded lease, "equipment:…" for a group home's purchase list, "training:…" for a course of the
/// training plan or its held sessions, "manual" when typed). <paramref name="Participants"/>: the people a per-participant
/// cap counts (研修受講者数).
public sealed record GrantItem(string Key, OpeningCostKind Kind, string Description, long Yen, string Source = "manual", int? Participants = null);

/// <summary>One item as computed: cost, the cap that applied, the eligible base, and the engine's split of it.</summary>
/// <param name="GrantYen">交付額: what the corporation receives = eligible − the corporation's own share (設置者負担).</param>
public sealed record GrantLine(
    string Key, OpeningCostKind Kind, string Description, long CostYen, long? CapYen, long EligibleYen,
    long GrantYen, long NationalYen, long PrefectureYen, long MunicipalityYen, long OwnerYen,
    string EngineProgramme, string? Shares, bool Eligible, int? Participants = null);

/// <summary>
/// The figures of an application, a decision or a fixed amount, each citing the programme version and the rate-table
/// version (with its rounding) that produced them.
/// </summary>
public sealed record GrantFigures(
    IReadOnlyList<GrantLine> Lines,
    ProgrammeCitation Programme,
    Guid TableId,
    int TableNumber,
    int TableFiscalYear,
    string Notice,
    RoundingRule Rounding,
    IReadOnlyList<string> Warnings)
{
    public long CostYen => Lines.Sum(l => l.CostYen);
    public long EligibleYen => Lines.Sum(l => l.EligibleYen);
    public long GrantYen => Lines.Sum(l => l.GrantYen);
    public long NationalYen => Lines.Sum(l => l.NationalYen);
    public long PrefectureYen => Lines.Sum(l => l.PrefectureYen);
    public long MunicipalityYen => Lines.Sum(l => l.MunicipalityYen);
    public long OwnerYen => Lines.Sum(l => l.OwnerYen);

    public GrantLine? Line(string key) => Lines.FirstOrDefault(l => l.Key == key);
}

/// <summary>
/// Grant amounts through the subsidy engine (<see cref="OpeningCosts.Split"/>), never a second implementation: each
/// item becomes an opening-cost item of its engine programme, the part above the programme's cap an exclusion that
/// says so, and the engine splits the eligible base between the parties by the rate table's shares and rounding.
/// </summary>
public static class GrantCalculation
{
    public static GrantFigures Compute(GrantProgramme programme, int homes, IReadOnlyList<GrantItem> items, RateTable table)
    {
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(table);
        var warnings = new List<string>();
        var lines = new List<GrantLine>();
        foreach (var item in items)
        {
            if (programme.ItemFor(item.Kind) is not { } funded)
            {
                warnings.Add($"NotEligible:{item.Key}");
                lines.Add(new(item.Key, item.Kind, item.Description, item.Yen, null, 0, 0, 0, 0, 0, 0, "", null, false));
                continue;
            }
            var cap = funded.CapFor(homes, item.Participants);
            var above = cap is { } c ? Math.Max(0, item.Yen - c) : 0;
            var plan = new OpeningCostPlan(programme.FiscalYear,
                [new OpeningCostItem(item.Key, item.Kind, item.Description, item.Yen, funded.EngineProgramme)],
                above > 0 ? [new ShareExclusion(funded.EngineProgramme, above, $"上限額 {cap:N0}円を超える部分")] : []);
            var split = OpeningCosts.Split(plan, table);
            warnings.AddRange(split.Warnings.Select(w => $"{w.Code}:{w.Detail}"));
            var programmeSplit = split.Programmes.Single();
            long Party(CostParty party) => programmeSplit.Shares.Where(s => s.Party == party).Sum(s => s.Yen);
            // The engine gives the prefecture (or ward) what is excluded as well; the grant covers the eligible base only.
            var owner = Party(CostParty.Owner);
            var national = Party(CostParty.National);
            var municipality = Party(CostParty.Municipality);
            var prefecture = programmeSplit.EligibleYen - national - municipality - owner;
            var shares = string.Join(" / ", programmeSplit.Shares.Where(s => s.Share is not null).Select(s => $"{s.Party} {s.Share}"));
            lines.Add(new(item.Key, item.Kind, item.Description, item.Yen, cap, programmeSplit.EligibleYen,
                programmeSplit.EligibleYen - owner, national, prefecture, municipality, owner, funded.EngineProgramme, shares, true, item.Participants));
        }
        return new GrantFigures(lines, programme.Citation, table.Id, table.Number, table.FiscalYear, table.Notice, table.Rounding, warnings);
    }

    /// 額の確定 for one item: the eligible base is the smaller of the decided base and the actual cost.
    public static IReadOnlyList<GrantItem> Settle(IReadOnlyList<GrantItem> decided, IReadOnlyList<GrantItem> actual) =>
    [
        .. decided.Select(d =>
        {
            var a = actual.FirstOrDefault(x => x.Key == d.Key);
            // A per-participant cap counts the people who actually took part, never more than decided.
            int? participants = (d.Participants, a?.Participants) switch
            {
                ({ } p, { } q) => Math.Min(p, q),
                ({ } p, null) => a is null ? 0 : p,
                (null, _) => null,
            };
            return d with { Yen = Math.Min(d.Yen, a?.Yen ?? 0), Participants = participants };
        }),
    ];
}
