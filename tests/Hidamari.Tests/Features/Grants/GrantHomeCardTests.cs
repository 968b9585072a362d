using System.Net;
using Hidamari.Portal.Features.Grants;
using Hidamari.Portal.Features.Grants.Programmes;
using Hidamari.Portal.Features.Home;
using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;
using Hidamari.Tests.Features.Submissions;
using Hidamari.Tests.Infrastructure;
using static Hidamari.Tests.Features.Submissions.SubmissionWorld;
using static Hidamari.Tests.Infrastructure.HttpChecks;

namespace Hidamari.Tests.Features.Grants;

/// <summary>The finance home card of grant amounts follows the chosen 年度 (the programme's fiscal year) through
/// <c>GET /api/t/{tenant}/home?fiscalYear=</c>: an application under another year's programme is not counted.</summary>
[Trait("Category", "Grants")]
public sealed class GrantHomeCardTests(ManualDeliveryPortalFactory portal) : IClassFixture<ManualDeliveryPortalFactory>
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_grant_amounts_card_counts_only_the_applications_of_the_chosen_fiscal_year()
    {
        var jurisdiction = NewJurisdiction();
        var ward = await TenantAsync(portal, "ward", TenantKind.Municipality, jurisdiction, "世田谷区");
        var corporation = await TenantAsync(portal, "corp", TenantKind.Corporation, jurisdiction, "社会福祉法人東京育成園");
        var (manager, finance) = (portal.ClientFor(corporation), portal.ClientFor(corporation, "finance"));
        var (reviewer, approver) = (portal.ClientFor(ward, "reviewer"), portal.ClientFor(ward, "approver"));
        var (corp, muni) = ($"/api/t/{corporation.Id}/grants", $"/api/t/{ward.Id}/grants");

        // One decided application under a 令和4年度 programme, one under a 令和5年度 programme, one 令和5年度 draft.
        async Task<Guid> ApplyAsync(int fiscalYear, long yen, bool submit)
        {
            var published = await approver.PostJsonAsync($"{muni}/programmes", new
            {
                key = $"gh-opening-{fiscalYear}-{yen}", fiscalYear, name = $"GH開設支援（{JapaneseDates.FiscalYearLabel(fiscalYear)}）", basis = "国庫補助1/2",
                budgetYen = 40_000_000, applicationDeadline = "2099-03-31", reportDeadline = "2099-06-30", templateId = ProgrammeTemplates.GroupHomeOpeningId,
            }, Ct);
            Assert.Equal(HttpStatusCode.Created, published.StatusCode);
            var draft = await manager.PostJsonAsync($"{corp}/applications", new
            {
                programmeId = (await published.ReadAsync<Created>(Ct))!.Id, title = $"GHの開設（{fiscalYear}）", groupHome = "新GH", homes = 1,
                items = new[] { new { key = "equipment", kind = "Equipment", description = "備品購入費", yen, source = "manual" } },
            }, Ct);
            Assert.Equal(HttpStatusCode.Created, draft.StatusCode);
            var id = (await draft.ReadAsync<Created>(Ct))!.Id;
            if (submit) Assert.Equal(HttpStatusCode.OK, await PostAsync(manager, $"{corp}/applications/{id}/submit"));
            return id;
        }
        var r4 = await ApplyAsync(2022, 6_000_000, submit: true);
        var r5 = await ApplyAsync(2023, 4_000_000, submit: true);
        await ApplyAsync(2023, 1_000_000, submit: false);
        await portal.DeliverAsync();
        foreach (var id in new[] { r4, r5 })
        {
            Assert.Equal(HttpStatusCode.OK, await PostAsync(reviewer, $"{muni}/cases/{id}/assign"));
            Assert.Equal(HttpStatusCode.OK, await PostAsync(approver, $"{muni}/cases/{id}/decide"));
        }
        await portal.DeliverAsync();
        var applications = await Get<List<GrantApplication>>(finance, $"{corp}/applications");
        var (decided4, decided5) = (applications.Single(a => a.Id == r4).Decided!.GrantYen, applications.Single(a => a.Id == r5).Decided!.GrantYen);
        Assert.True(decided4 > 0 && decided5 > 0 && decided4 != decided5);

        foreach (var (year, yen) in new[] { (2022, decided4), (2023, decided5) })
        {
            var home = await Get<HomeDashboard>(finance, $"/api/t/{corporation.Id}/home?fiscalYear={year}");
            Assert.Equal((year, JapaneseDates.FiscalYearLabel(year)), (home.FiscalYear, home.FiscalYearLabel));
            var card = home.Finance!.GrantAmounts;
            Assert.Equal((year, 1, 1, yen), (card.FiscalYear, card.Applications, card.Decided, card.DecidedYen));
        }
        // A year with no programme applied to: nothing counted, though the corporation has decided grants.
        var empty = (await Get<HomeDashboard>(finance, $"/api/t/{corporation.Id}/home?fiscalYear=2024")).Finance!.GrantAmounts;
        Assert.Equal((2024, 0, 0, 0L, 0L), (empty.FiscalYear, empty.Applications, empty.Decided, empty.DecidedYen, empty.PaidYen));
        // The manager's action card is not by year: both decided applications await their report, the draft is there.
        var actions = (await Get<HomeDashboard>(manager, $"/api/t/{corporation.Id}/home?fiscalYear=2024")).Manager!.Grants;
        Assert.Equal((2, 1), (actions.ToReport, actions.Drafts));
    }
}
