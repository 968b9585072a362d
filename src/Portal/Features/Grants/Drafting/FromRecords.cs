using Hidamari.Portal.Features.Grants.Calculating;
using Hidamari.Portal.Features.Grants.Programmes;
using Hidamari.Portal.Features.Grants.Purchases;
using Hidamari.Portal.Features.Leases.Costs;
using Hidamari.Portal.Features.Staff;
using Hidamari.Portal.Features.Staff.Training;
using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;
using OpeningCostKind = Hidamari.Portal.Features.Subsidies.Engine.OpeningCostKind;

namespace Hidamari.Portal.Features.Grants.Drafting;

/// <summary>What the corporation has recorded for one fiscal year: its group homes' equipment lists, its lease
/// costs, its training courses (with the sessions held) and the year's training plan.</summary>
public sealed record RecordedData(
    int FiscalYear, IReadOnlyList<GroupHomeEquipment> Equipment, CorporationLeaseCosts Leases, IReadOnlyList<TrainingCourse> Courses, TrainingPlan? Plan);

/// Items proposed from recorded data; nothing is saved until the user adopts (and may first edit) them.
/// <paramref name="OpeningHomes"/>: the group homes the corporation opens (or plans to open) in the fiscal year.
public sealed record GrantProposal(int FiscalYear, IReadOnlyList<GrantItem> Items, IReadOnlyList<string>? OpeningHomes = null);

/// <summary>実績報告 prefilled: per decided item the recorded actual cost (<paramref name="Items"/>, same keys as the
/// decision; an item with no record keeps what was decided and is listed in <paramref name="NotRecorded"/>), and the
/// recorded costs no decided item took (<paramref name="Unmatched"/>).</summary>
public sealed record ActualsProposal(int FiscalYear, IReadOnlyList<GrantItem> Items, IReadOnlyList<string> NotRecorded, IReadOnlyList<GrantItem> Unmatched);

/// <summary>
/// Grant items from recorded data, pure. Every item names its source: "equipment:{group home}" (the home's equipment
/// list: general lines as 備品購入費, 多機能化 and 環境改善 lines as those cost kinds), "lease:{group home}" (its leases), "training:{course}" (a course of the training plan, or its held sessions).
/// Only kinds the programme funds are proposed. A 基幹的職員研修 course (<see cref="TrainingCategory.SeniorStaff"/>) is
/// 基幹的職員・スーパービジョン, any other course 研修受講費.
/// </summary>
public static class FromRecords
{
    public const string EquipmentSource = "equipment:";
    public const string LeaseSource = "lease:";
    public const string TrainingSource = "training:";

    /// 申請: equipment planned or bought in the year, the leases' key money and brokerage (and rent when funded), and
    /// per planned course its fee × the planned participants.
    public static IReadOnlyList<GrantItem> Draft(GrantProgramme programme, RecordedData data)
    {
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(data);
        var courses = data.Courses.ToDictionary(c => c.Id);
        var planned = (data.Plan?.Courses ?? [])
            .Where(p => courses.ContainsKey(p.CourseId))
            .Select(p => (Course: courses[p.CourseId], p.PlannedParticipants))
            .Where(p => p.Course.FeePerParticipant > 0 && p.PlannedParticipants > 0)
            .Select(p => new Proposed(KindOf(p.Course.Category), "training", TrainingSource + p.Course.Title,
                $"{p.Course.Title} 受講料 {p.Course.FeePerParticipant:N0}円 × {p.PlannedParticipants}人", p.Course.FeePerParticipant * p.PlannedParticipants,
                p.PlannedParticipants));
        return Keyed(programme, [.. Equipment(data, purchasedOnly: false), .. Leases(data), .. planned]);
    }

    /// 実績報告: equipment bought in the year, lease costs due by the year's end, and per course the sessions held in
    /// the year (session costs + fee × attendees).
    public static IReadOnlyList<GrantItem> Actuals(GrantProgramme programme, RecordedData data)
    {
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(data);
        var held = data.Courses
            .Select(c => (Course: c, Sessions: c.SessionsInFiscalYear(data.FiscalYear).ToList()))
            .Where(c => c.Sessions.Count > 0 && c.Course.CostInFiscalYear(data.FiscalYear) > 0)
            .OrderBy(c => c.Course.Title, StringComparer.Ordinal)
            .Select(c => new Proposed(KindOf(c.Course.Category), "training", TrainingSource + c.Course.Title,
                $"{c.Course.Title} 実施{c.Sessions.Count}回・受講{c.Sessions.Sum(s => s.Attendees.Count)}人", c.Course.CostInFiscalYear(data.FiscalYear),
                c.Sessions.Sum(s => s.Attendees.Count)));
        return Keyed(programme, [.. Equipment(data, purchasedOnly: true), .. Leases(data), .. held]);
    }

    /// <summary>The proposal merged into a draft: a proposed item replaces the figures of the draft's item of the same
    /// kind and source (keeping its key); the others are added under keys not yet used. Typed items stay.</summary>
    public static IReadOnlyList<GrantItem> Merge(IReadOnlyList<GrantItem> current, IReadOnlyList<GrantItem> proposed)
    {
        var items = current.ToList();
        foreach (var p in proposed)
        {
            var at = items.FindIndex(i => i.Kind == p.Kind && i.Source == p.Source);
            if (at >= 0) { items[at] = p with { Key = items[at].Key }; continue; }
            var key = p.Key;
            for (var n = 2; items.Any(i => i.Key == key); n++) key = $"{p.Key}-{n}";
            items.Add(p with { Key = key });
        }
        return items;
    }

    /// <summary>Recorded actuals against the decided items: by kind and source; a decided item typed by hand takes the
    /// sum of its kind's recorded actuals when it is the only decided item of that kind and none of them has a source.</summary>
    public static ActualsProposal Match(int fiscalYear, IReadOnlyList<GrantItem> decided, IReadOnlyList<GrantItem> actuals)
    {
        var used = new HashSet<GrantItem>(ReferenceEqualityComparer.Instance);
        var items = new List<GrantItem>();
        var notRecorded = new List<string>();
        foreach (var d in decided)
        {
            if (actuals.FirstOrDefault(a => a.Kind == d.Kind && a.Source == d.Source) is { } same)
            {
                used.Add(same);
                items.Add(d with { Yen = same.Yen, Participants = same.Participants ?? d.Participants });
                continue;
            }
            var ofKind = decided.Where(x => x.Kind == d.Kind).ToList();
            var recorded = actuals.Where(a => a.Kind == d.Kind && !used.Contains(a)).ToList();
            if (ofKind.Count == 1 && !IsRecorded(d.Source) && recorded.Count > 0)
            {
                foreach (var a in recorded) used.Add(a);
                int? participants = recorded.All(a => a.Participants is null) ? d.Participants : recorded.Sum(a => a.Participants ?? 0);
                items.Add(d with { Yen = recorded.Sum(a => a.Yen), Participants = participants });
                continue;
            }
            // Recorded, but nothing this year: the actual cost is nil. Typed by hand: the user enters it.
            if (IsRecorded(d.Source)) items.Add(d with { Yen = 0, Participants = d.Participants is null ? null : 0 });
            else { items.Add(d); notRecorded.Add(d.Key); }
        }
        return new ActualsProposal(fiscalYear, items, notRecorded, [.. actuals.Where(a => !used.Contains(a))]);
    }

    /// The group homes recorded as opening in the year (their opening date may still be ahead: a planned opening).
    public static IReadOnlyList<string> OpeningHomes(RecordedData data) =>
        [.. data.Equipment.Where(g => JapaneseDates.FiscalYearOf(g.OpenedOn) == data.FiscalYear).Select(g => g.GroupHomeName)];

    public static bool IsRecorded(string source) =>
        source.StartsWith(EquipmentSource, StringComparison.Ordinal) || source.StartsWith(LeaseSource, StringComparison.Ordinal)
        || source.StartsWith(TrainingSource, StringComparison.Ordinal);

    public static OpeningCostKind KindOf(TrainingCategory category) =>
        category == TrainingCategory.SeniorStaff ? OpeningCostKind.Supervision : OpeningCostKind.TrainingFee;

    private sealed record Proposed(OpeningCostKind Kind, string KeyStem, string Source, string Description, long Yen, int? Participants);

    /// Per home and purpose (用途): general equipment as 備品購入費, 多機能化 and 環境改善 lines as their own cost kinds, each
    /// with the home's equipment list as its source (kind and source together name an item, so they never merge).
    private static IEnumerable<Proposed> Equipment(RecordedData data, bool purchasedOnly) =>
        data.Equipment
            .SelectMany(g => g.InFiscalYear(data.FiscalYear, purchasedOnly).GroupBy(l => l.Purpose).OrderBy(p => p.Key)
                .Select(p => (Home: g, Purpose: p.Key, Item: EquipmentItem(p.Key), Lines: p.ToList())))
            .Select(g => new Proposed(EquipmentPurposes.CostKind(g.Purpose), g.Item.KeyStem, EquipmentSource + g.Home.GroupHomeName,
                $"{g.Home.GroupHomeName} {g.Item.Label}（{g.Lines.Sum(l => l.Quantity)}点）", g.Lines.Sum(l => l.TotalYen), null));

    /// The item key's stem and description for a purpose's lines. The description stays Japanese whatever the reader's
    /// language: it goes into the application as written.
    private static (string KeyStem, string Label) EquipmentItem(EquipmentPurpose purpose) => purpose switch
    {
        EquipmentPurpose.MultifunctionConversion => ("multifunction", "多機能化のための備品・改修"),
        EquipmentPurpose.EnvironmentImprovement => ("environment", "環境改善のための備品"),
        _ => ("equipment", "備品購入費"),
    };

    private static IEnumerable<Proposed> Leases(RecordedData data) =>
        data.Leases.GroupHomes.SelectMany(g => new[]
        {
            new Proposed(OpeningCostKind.InitialLease, "lease", LeaseSource + g.GroupHomeName, $"{g.GroupHomeName} 礼金・仲介手数料",
                g.OneOffOf(OneOffCostKind.KeyMoney) + g.OneOffOf(OneOffCostKind.BrokerageFee), null),
            new Proposed(OpeningCostKind.AnnualRent, "rent", LeaseSource + g.GroupHomeName, $"{g.GroupHomeName} 家賃・共益費（年間）", g.Recurring, null),
        });

    /// Only what the programme funds and is not nil, numbered per key stem in order ("lease-1", "lease-2", …).
    private static IReadOnlyList<GrantItem> Keyed(GrantProgramme programme, IReadOnlyList<Proposed> proposed) =>
    [
        .. proposed.Where(p => p.Yen > 0 && programme.ItemFor(p.Kind) is not null)
            .GroupBy(p => p.KeyStem)
            .SelectMany(g => g.Select((p, i) => new GrantItem($"{p.KeyStem}-{i + 1}", p.Kind, p.Description, p.Yen, p.Source, p.Participants))),
    ];
}

/// <summary>Reads what <see cref="FromRecords"/> needs from the corporation's own store: equipment lists, lease
/// costs, training courses and plan, all of the tenant asked for and of one fiscal year.</summary>
public sealed class GrantRecords(PurchaseQueries purchases, ILeaseCosts leases, StaffQueries staff, TrainingQueries training)
{
    public async Task<RecordedData> ForYearAsync(TenantInfo corporation, int fiscalYear, CancellationToken ct) =>
        new(fiscalYear,
            await purchases.ListsAsync(corporation, ct),
            await leases.ForCorporationAsync(corporation, fiscalYear, JapaneseDates.FiscalYearEnd(fiscalYear), ct),
            await staff.CoursesAsync(corporation, ct),
            await training.PlanAsync(corporation, fiscalYear, ct));

    public async Task<GrantProposal> DraftAsync(TenantInfo corporation, GrantProgramme programme, CancellationToken ct)
    {
        var data = await ForYearAsync(corporation, programme.FiscalYear, ct);
        return new(programme.FiscalYear, FromRecords.Draft(programme, data), FromRecords.OpeningHomes(data));
    }

    public async Task<ActualsProposal> ActualsAsync(TenantInfo corporation, GrantApplication application, CancellationToken ct)
    {
        var fiscalYear = application.Programme.FiscalYear;
        var actuals = FromRecords.Actuals(application.Programme, await ForYearAsync(corporation, fiscalYear, ct));
        return FromRecords.Match(fiscalYear, application.Approved ?? application.Items, actuals);
    }
}
