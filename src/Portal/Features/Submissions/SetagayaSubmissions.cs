using Hidamari.Portal.DemoData;
using Hidamari.Portal.Features.Submissions.Delivery;
using Hidamari.Portal.Features.Submissions.Progress;
using Hidamari.Portal.Features.Submissions.Reviewing;
using Hidamari.Portal.Features.Submissions.Sending;
using Hidamari.Tenancy;

namespace Hidamari.Portal.Features.Submissions;

/// <summary>
/// Demo: Setagaya's 年次別目標 (seed 003: GH 58/110, 60/112, 63/112, 77/113 → 52.7/53.6/56.3/68.1%), both
/// corporations submit their plans and year-end actuals, a reviewer reviews and an approver accepts them, through the same commands and
/// delivery as the API, so that the ward's dashboard shows its figures on first start. Runs once (while no target is set).
/// </summary>
public sealed class SetagayaSubmissions(
    TenantRegistry registry, SubmissionCommands commands, SubmissionQueries queries, SubmissionDelivery delivery, ILogger<SetagayaSubmissions> logger)
{
    public static readonly (int FiscalYear, int Total, int GroupHome)[] Targets = [(2021, 110, 58), (2022, 112, 60), (2023, 112, 63), (2024, 113, 77)];

    public async Task SeedAsync(CancellationToken ct)
    {
        if (await registry.FindAsync(DemoDataSeeder.Setagaya, ct) is not { Status: TenantStatus.Active } ward) return;
        if ((await queries.TargetsAsync(ward, ct)).Years.Count > 0) return;
        var (reviewer, approver) = (DemoPeople.Email("reviewer", ward.Id), DemoPeople.Email("approver", ward.Id));
        foreach (var (year, total, groupHome) in Targets)
            await commands.SetTargetAsync(ward, approver, new SetTarget(year, total, groupHome), ct);

        var ids = new List<Guid>();
        foreach (var id in new[] { DemoDataSeeder.TokyoIkuseien, DemoDataSeeder.Fukuinryo })
        {
            if (await registry.FindAsync(id, ct) is not { Status: TenantStatus.Active } corporation) continue;
            // The plan, and the actuals of every fiscal year that has ended (令和3–6年度).
            foreach (var submit in Targets.Select(t => new Submit(DocumentKind.YearEndActuals, t.FiscalYear)).Prepend(new Submit(DocumentKind.DecentralizationPlan)))
            {
                var sent = await commands.SubmitAsync(corporation, DemoPeople.Email("manager", id), submit, ct);
                if (sent.Succeeded) ids.Add(sent.Value);
            }
        }
        await DeliverAsync(ct);
        foreach (var id in ids)
        {
            await commands.AssignAsync(ward, reviewer, id, new AssignReviewer(reviewer), ct);
            var accepted = await commands.AcceptAsync(ward, approver, id, ct);
            if (!accepted.Succeeded) logger.LogWarning("Demo submission {Id} not accepted: {Message}", id, accepted.Message);
        }
        await DeliverAsync(ct);
    }

    /// The background deliverer may hold the lock; then it delivers, and this pass waits for it.
    private async Task DeliverAsync(CancellationToken ct)
    {
        for (var i = 0; i < 50 && await delivery.RunOnceAsync(ct) is null; i++) await Task.Delay(200, ct);
    }
}
