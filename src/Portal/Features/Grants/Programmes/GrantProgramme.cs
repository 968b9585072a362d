using Hidamari.Portal.Features.Subsidies.Engine;
using Engine = Hidamari.Portal.Features.Subsidies.Engine;

namespace Hidamari.Portal.Features.Grants.Programmes;

/// <summary>
/// A cost item (費目) a programme funds. <paramref name="Kind"/> is the subsidy engine's cost kind and
/// <paramref name="EngineProgramme"/> the rate-table programme whose 負担割合 (CostShare rows) split it, so the
/// sharing chain (国・都道府県・市区町村・設置者) is data of the rate table, cited by its version.
/// </summary>
/// <param name="CapPerHomeYen">上限額 per group home (null: no cap).</param>
public sealed record ProgrammeItem(OpeningCostKind Kind, string Label, string EngineProgramme, long? CapPerHomeYen);

/// <summary>
/// A grant programme (補助事業) for one fiscal year and jurisdiction: reference data in the shared reference store,
/// one immutable document per version, never updated; a revision is a new version of the same <see cref="Key"/>.
/// Jurisdiction "全国" marks the shared national templates a municipality starts from.
/// </summary>
public sealed record GrantProgramme(
    Guid Id,
    string Key,
    int Version,
    string Jurisdiction,
    int FiscalYear,
    string Name,
    string Basis,
    IReadOnlyList<ProgrammeItem> Items,
    long BudgetYen,
    DateOnly ApplicationDeadline,
    DateOnly ReportDeadline,
    string PublishedBy,
    DateTimeOffset PublishedAt,
    Guid? TemplateId = null)
{
    public bool IsTemplate => Jurisdiction == RateTable.National;

    public ProgrammeItem? ItemFor(OpeningCostKind kind) => Items.FirstOrDefault(i => i.Kind == kind);

    /// How every figure names the programme it comes from.
    public ProgrammeCitation Citation => new(Id, Key, Version, Name, FiscalYear);
}

public sealed record ProgrammeCitation(Guid Id, string Key, int Version, string Name, int FiscalYear);

/// <summary>The shared national templates (全国), published once when none exist.</summary>
public static class ProgrammeTemplates
{
    public static readonly Guid GroupHomeOpeningId = new("0193a1f0-0000-7000-8000-00000000a001");
    public static readonly Guid FacilityWorksId = new("0193a1f0-0000-7000-8000-00000000a002");

    public static IReadOnlyList<GrantProgramme> All(DateTimeOffset at) =>
    [
        new(GroupHomeOpeningId, "template-gh-opening", 1, RateTable.National, 2022,
            "地域小規模児童養護施設等開設支援（ひな形）",
            "児童虐待・DV対策等総合支援事業費国庫補助金（補助率1/2）",
            [
                new(OpeningCostKind.Equipment, "グループホーム開設にかかる備品購入費", Engine.Programmes.AbuseDvGrant, 8_000_000),
                new(OpeningCostKind.InitialLease, "施設借り上げのための礼金、仲介手数料等", Engine.Programmes.AbuseDvGrant, 2_000_000),
            ],
            0, new DateOnly(2022, 6, 30), new DateOnly(2023, 4, 30), "system", at),
        new(FacilityWorksId, "template-facility-works", 1, RateTable.National, 2022,
            "施設整備（地域分散化）（ひな形）",
            "施設整備 地域分散化 国2/3・都道府県1/12・設置者1/4",
            [new(OpeningCostKind.Equipment, "地域分散化のための整備費", Engine.Programmes.FacilityWorksDecentralized, null)],
            0, new DateOnly(2022, 6, 30), new DateOnly(2023, 4, 30), "system", at),
    ];
}
