using Hidamari.Portal.Features.Subsidies.Engine;
using Engine = Hidamari.Portal.Features.Subsidies.Engine;

namespace Hidamari.Portal.Features.Grants.Programmes;

/// <summary>
/// A cost item (費目) a programme funds. <paramref name="Kind"/> is the subsidy engine's cost kind and
/// <paramref name="EngineProgramme"/> the rate-table programme whose 負担割合 (CostShare rows) split it, so the
/// sharing chain (国・都道府県・市区町村・設置者) is data of the rate table, cited by its version.
/// </summary>
/// <param name="CapPerHomeYen">上限額 per group home (null: no cap).</param>
/// <param name="CapPerParticipantYen">上限額 per participant (研修受講費 and the like; null: none). With both caps the smaller applies.</param>
public sealed record ProgrammeItem(OpeningCostKind Kind, string Label, string EngineProgramme, long? CapPerHomeYen, long? CapPerParticipantYen = null)
{
    /// The cap for an application of <paramref name="homes"/> homes and, for this item, <paramref name="participants"/>
    /// people (no participants stated: a per-participant cap leaves nothing eligible).
    public long? CapFor(int homes, int? participants)
    {
        long? perHome = CapPerHomeYen is { } h ? h * Math.Max(1, homes) : null;
        long? perParticipant = CapPerParticipantYen is { } p ? p * Math.Max(0, participants ?? 0) : null;
        return (perHome, perParticipant) switch
        {
            ({ } a, { } b) => Math.Min(a, b),
            ({ } a, null) => a,
            (null, { } b) => b,
            _ => null,
        };
    }
}

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
    public static readonly Guid StaffDevelopmentId = new("0193a1f0-0000-7000-8000-00000000a003");
    public static readonly Guid MultifunctionEnvironmentId = new("0193a1f0-0000-7000-8000-00000000a004");

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
        // Seed 003: the ward funds 外部研修受講費用 and the 基幹的職員's supervision so that staff in small units are not
        // isolated. The caps are the template's examples; a municipality sets its own when it publishes.
        new(StaffDevelopmentId, "template-staff-development", 1, RateTable.National, 2022,
            "職員研修・スーパービジョン支援（ひな形）",
            "児童虐待・DV対策等総合支援事業費国庫補助金（職員の資質向上、国1/2）／上限額は例示",
            [
                new(OpeningCostKind.TrainingFee, "外部研修受講費（1人あたり上限）", Engine.Programmes.StaffDevelopment, null, 100_000),
                new(OpeningCostKind.Supervision, "基幹的職員研修・スーパービジョン経費（1か所あたり上限）", Engine.Programmes.StaffDevelopment, 600_000),
            ],
            0, new DateOnly(2022, 6, 30), new DateOnly(2023, 4, 30), "system", at),
        // Seed 003: 多機能化 for the freed main-building space (施設整備 as 地域分散化, 国2/3) and 環境改善 (国2/3・都道府県1/3).
        new(MultifunctionEnvironmentId, "template-multifunction-environment", 1, RateTable.National, 2022,
            "多機能化・環境改善（ひな形）",
            "施設整備（地域分散化）国2/3・都道府県1/12・設置者1/4／環境改善（地域分散化）国2/3・都道府県1/3／上限額は例示",
            [
                new(OpeningCostKind.MultifunctionConversion, "多機能化のための改修費", Engine.Programmes.FacilityWorksDecentralized, null),
                new(OpeningCostKind.EnvironmentImprovement, "環境改善費（1か所あたり上限）", Engine.Programmes.EnvironmentImprovementDecentralized, 2_000_000),
            ],
            0, new DateOnly(2022, 6, 30), new DateOnly(2023, 4, 30), "system", at),
    ];
}
