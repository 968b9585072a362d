using Hidamari.Portal.Features.Grants;
using Hidamari.Portal.Features.Grants.Calculating;
using Hidamari.Portal.Features.Grants.Programmes;
using Hidamari.Portal.Features.Submissions;
using Hidamari.Portal.Features.Subsidies.Engine;

namespace Hidamari.Tests.Features.Grants;

/// Setagaya's 令和4年度 GH opening programme (seed 003) and an application under it, as pure values.
public static class GrantWorld
{
    public static readonly DateTimeOffset T0 = new(2023, 5, 1, 9, 0, 0, TimeSpan.FromHours(9));

    public static GrantProgramme Setagaya(long budget = 40_000_000) => new(
        Guid.Parse("00000000-0000-7000-8000-0000000000aa"), "setagaya-gh-opening", 1, "東京都世田谷区", 2022, "世田谷区 GH開設支援（令和4年度）",
        "児童虐待・DV対策等総合支援事業費国庫補助金（補助率1/2）",
        [
            new(OpeningCostKind.Equipment, "備品購入費", Programmes.AbuseDvGrant, 8_000_000),
            new(OpeningCostKind.InitialLease, "礼金・仲介手数料等", Programmes.AbuseDvGrant, 2_000_000),
        ],
        budget, new DateOnly(2022, 6, 30), new DateOnly(2023, 4, 30), "approver", T0);

    /// Seed 003: 備品購入費 16,000千円 for the two homes.
    public static readonly GrantItem Equipment = new("equipment", OpeningCostKind.Equipment, "グループホーム開設にかかる備品購入費", 16_000_000);

    public static GrantFigures Compute(IReadOnlyList<GrantItem> items, GrantProgramme? programme = null, int homes = 2) =>
        GrantCalculation.Compute(programme ?? Setagaya(), homes, items, Fy2011Seed.Table());

    public static GrantDocument Document(DocumentKind kind, IReadOnlyList<GrantItem> items, Guid? id = null) =>
        new(id ?? CaseId, kind, "令和4年度 GH2か所", Setagaya(), "新GH", 2, items, [], "", Compute(items));

    public static readonly Guid CaseId = Guid.Parse("00000000-0000-7000-8000-0000000000c1");

    /// The municipality's case after the given events (the first must be the application received).
    public static GrantCase Case(params object[] events)
    {
        var c = GrantCase.Create((GrantDocumentReceived)events[0]);
        foreach (var e in events.Skip(1)) c = c.ApplyAny(e);
        return c;
    }

    public static GrantDocumentReceived Received(DocumentKind kind, IReadOnlyList<GrantItem> items, int version = 1, int minutes = 0) =>
        new(CaseId, Guid.CreateVersion7(), "corp", "社会福祉法人東京育成園", version, Document(kind, items), "manager", T0.AddMinutes(minutes), T0.AddMinutes(minutes));

    public static GrantReviewerAssigned Assigned(string reviewer = "reviewer", int minutes = 1) => new(CaseId, reviewer, reviewer, T0.AddMinutes(minutes));

    public static GrantDecided Decided(IReadOnlyList<GrantItem> approved, int minutes = 2) =>
        new(CaseId, approved, Compute(approved), "", "approver", T0.AddMinutes(minutes));
}
