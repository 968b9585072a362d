using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Facilities.ChangingCapacity;
using Hidamari.Portal.Features.Facilities.Closing;
using Hidamari.Portal.Features.Facilities.CountingResidents;
using Hidamari.Portal.Features.Facilities.OpeningGroupHome;
using Hidamari.Portal.Features.Facilities.RecordingRoom;
using Hidamari.Portal.Features.Plans;
using Hidamari.Portal.Features.Plans.PlanningSteps;
using Hidamari.Portal.Features.Plans.SettingPlanYear;
using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;

namespace Hidamari.Portal.DemoData;

/// What the seeder recorded for a facility's starting state (September 2021).
public sealed record SeededFacility(Guid Id, string Name, IReadOnlyList<Guid> Units, IReadOnlyList<Guid> GroupHomes);

/// <summary>
/// Seed 003's steps for 東京育成園 and 福音寮 after September 2021, recorded as dated events through the facility
/// commands, so that the as-of view at each 年度末 令和3–6 reproduces the plan table of DOMAIN.md:
/// totals 53/55/55/54 and 57/57/57/57, GH capacity 22/24/24/36 and 36/36/39/39. The dates inside each fiscal year
/// are the demo's choice (the seed gives year ends only). Residents and rooms are demo figures. The plan itself
/// (the seed's table and 主な取組み) is entered as plan data, so plan and actual can be compared.
/// </summary>
public sealed class SetagayaDecentralization(FacilityCommands facilities, PlanCommands plans)
{
    private const string User = DemoDataSeeder.DemoUser;

    /// Starting state: main 4 × 6 + 1 × 5 (units 1–5), GH 4 × 6 (GH 1–4).
    public async Task TokyoIkuseienAsync(TenantInfo tenant, SeededFacility f, CancellationToken ct)
    {
        // The plan (seed 003, 第3 2): 年度末 figures and 主な取組み.
        await Plan(tenant, f, 2021, new PlannedFigures(5, 0, 31, 3, 1, 22), null, ct);
        await Plan(tenant, f, 2022, new PlannedFigures(5, 0, 31, 0, 6, 24),
            "前年度定員6人のグループホーム3か所を定員4人に引き下げる。(小規模化)\n新たに定員4人のグループホームを2か所設置する。(地域分散化)", ct);
        await Plan(tenant, f, 2023, new PlannedFigures(5, 0, 31, 0, 6, 24), null, ct);
        await Plan(tenant, f, 2024, new PlannedFigures(3, 0, 18, 0, 9, 36), "新たに定員4人のグループホームを3か所設置する。(地域分散化)", ct);
        await Steps(tenant, f, 2022, ct, new PlannedStep(StepKind.ChangeGroupHomeCapacity, 3, 4, From: 6), new PlannedStep(StepKind.OpenGroupHomes, 2, 4));
        await Steps(tenant, f, 2024, ct, new PlannedStep(StepKind.OpenGroupHomes, 3, 4), new PlannedStep(StepKind.CloseUnits, 1, 7), new PlannedStep(StepKind.CloseUnits, 1, 6));

        var (unit, home) = (f.Units, f.GroupHomes.ToList());
        await Ok(facilities.CountResidentsAsync(tenant, User, f.Id, new CountResidents(new(2021, 9, 1), 0, 1, 6, 40, 26), ct));

        // 令和3年度末: main 5 units ≥ 6 = 31 (unit 5: 5 → 7); GH 3 × 6 + 1 × 4 = 22.
        await Ok(facilities.ChangeLivingUnitCapacityAsync(tenant, User, f.Id,
            new ChangeLivingUnitCapacity(unit[4], 7, new(2022, 2, 1), "令和3年度計画: 本体ユニット定員の調整"), ct));
        await Ok(facilities.ChangeGroupHomeCapacityAsync(tenant, User, f.Id,
            new ChangeGroupHomeCapacity(home[0], 4, new(2022, 2, 1), "小規模化"), ct));

        // 令和4年度: the other three GH 6 → 4 (小規模化); two new GH of 4 (地域分散化) → 6 × 4 = 24.
        foreach (var gh in home.Skip(1))
            await Ok(facilities.ChangeGroupHomeCapacityAsync(tenant, User, f.Id, new ChangeGroupHomeCapacity(gh, 4, new(2022, 10, 1), "小規模化"), ct));
        home.Add(await Open(tenant, f, 5, new(2022, 10, 1), ct));
        home.Add(await Open(tenant, f, 6, new(2023, 1, 10), ct));

        // 令和6年度: three new GH of 4 → 9 × 4 = 36; main down to 3 × 6 = 18, the freed units converted (高機能化・多機能化).
        home.Add(await Open(tenant, f, 7, new(2024, 6, 1), ct));
        home.Add(await Open(tenant, f, 8, new(2024, 10, 1), ct));
        home.Add(await Open(tenant, f, 9, new(2025, 1, 15), ct));
        await Ok(facilities.CloseLivingUnitAsync(tenant, User, f.Id,
            new CloseLivingUnit(unit[4], new(2024, 10, 1), MainSpaceFunction.TemporaryProtection, "地域分散化に伴う本体縮小"), ct));
        await Ok(facilities.CloseLivingUnitAsync(tenant, User, f.Id,
            new CloseLivingUnit(unit[3], new(2025, 1, 15), MainSpaceFunction.FamilySupport, "地域分散化に伴う本体縮小"), ct));
        await Ok(facilities.CountResidentsAsync(tenant, User, f.Id, new CountResidents(new(2025, 3, 1), 0, 0, 5, 44, 27), ct));

        // Two bedrooms of unit 1: one within the 2011 standards, one that breaks them (5 residents, 3.0 m² each).
        await Ok(facilities.RecordRoomAsync(tenant, User, f.Id,
            new RecordRoom("ユニット1 居室A", RoomPlace.LivingUnit, unit[0], 19.8m, 2, false, new(2013, 3, 1), new(2021, 9, 30)), ct));
        await Ok(facilities.RecordRoomAsync(tenant, User, f.Id,
            new RecordRoom("ユニット1 居室B", RoomPlace.LivingUnit, unit[0], 15.0m, 5, false, new(2016, 3, 1), new(2021, 9, 30)), ct));
    }

    /// Starting state: main 3 × 7 (units 1–3), GH 6 × 6 (GH 1–6).
    public async Task FukuinryoAsync(TenantInfo tenant, SeededFacility f, CancellationToken ct)
    {
        await Plan(tenant, f, 2021, new PlannedFigures(3, 0, 21, 6, 0, 36), null, ct);
        await Plan(tenant, f, 2022, new PlannedFigures(3, 0, 21, 6, 0, 36), null, ct);
        await Plan(tenant, f, 2023, new PlannedFigures(3, 0, 18, 5, 2, 39),
            "前年度7人定員のユニット3か所を定員6人に引き下げる。(小規模化)\n前年度6人定員のグループホーム1か所を定員5人に引き下げる。(小規模化)\n新たに定員4人のグループホームを1か所設置する。(地域分散化)", ct);
        await Plan(tenant, f, 2024, new PlannedFigures(3, 0, 18, 5, 2, 39), null, ct);
        await Steps(tenant, f, 2023, ct, new PlannedStep(StepKind.ChangeUnitCapacity, 3, 6, From: 7),
            new PlannedStep(StepKind.ChangeGroupHomeCapacity, 1, 5, From: 6), new PlannedStep(StepKind.OpenGroupHomes, 1, 4));

        await Ok(facilities.CountResidentsAsync(tenant, User, f.Id, new CountResidents(new(2021, 9, 1), 0, 0, 4, 44, 23), ct));

        // 令和5年度: the three units 7 → 6 (main 18), GH 1 6 → 5, one new GH of 4 → 5 × 6 + 5 + 4 = 39.
        foreach (var unit in f.Units)
            await Ok(facilities.ChangeLivingUnitCapacityAsync(tenant, User, f.Id, new ChangeLivingUnitCapacity(unit, 6, new(2023, 4, 1), "小規模化"), ct));
        await Ok(facilities.ChangeGroupHomeCapacityAsync(tenant, User, f.Id, new ChangeGroupHomeCapacity(f.GroupHomes[0], 5, new(2023, 4, 1), "小規模化"), ct));
        await Open(tenant, f, 7, new(2023, 10, 1), ct);
        await Ok(facilities.CountResidentsAsync(tenant, User, f.Id, new CountResidents(new(2025, 3, 1), 0, 0, 3, 50, 25), ct));

        await Ok(facilities.RecordRoomAsync(tenant, User, f.Id,
            new RecordRoom("グループホーム1 居室", RoomPlace.GroupHome, f.GroupHomes[0], 10.0m, 2, false, new(2018, 4, 1), new(2021, 9, 30)), ct));
    }

    private async Task Plan(TenantInfo tenant, SeededFacility f, int fiscalYear, PlannedFigures figures, string? steps, CancellationToken ct) =>
        await Ok(plans.SetYearAsync(tenant, User, new SetPlanYear(f.Id, fiscalYear, figures, steps), ct));

    private async Task Steps(TenantInfo tenant, SeededFacility f, int fiscalYear, CancellationToken ct, params PlannedStep[] steps) =>
        await Ok(plans.SetStepsAsync(tenant, User, new SetPlanSteps(f.Id, fiscalYear, steps), ct));

    private async Task<Guid> Open(TenantInfo tenant, SeededFacility f, int n, DateOnly on, CancellationToken ct) =>
        await Ok(facilities.OpenGroupHomeAsync(tenant, User, f.Id,
            new OpenGroupHome(GroupHomeKind.RegionalSmallScale, $"{f.Name}グループホーム{n}", 4, on), ct));

    /// Demo data goes through the real commands; a refusal means the demo no longer matches the rules, so say so loudly.
    private static async Task<Guid> Ok(Task<CommandResult<Guid>> command)
    {
        var result = await command;
        return result.Succeeded ? result.Value : throw new InvalidOperationException($"Demo data refused: {result.Message}");
    }
}
