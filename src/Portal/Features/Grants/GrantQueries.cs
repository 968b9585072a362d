using Hidamari.Portal.Features.Grants.Calculating;
using Hidamari.Portal.Features.Grants.Programmes;
using Hidamari.Portal.Features.Grants.Submitting;
using Hidamari.Portal.Features.Subsidies;
using Hidamari.Portal.Features.Subsidies.Engine;
using Hidamari.Tenancy;
using Marten;

namespace Hidamari.Portal.Features.Grants;

/// A draft as it would be sent: the engine's figures and the check against the programme.
public sealed record GrantPreview(GrantFigures? Figures, IReadOnlyList<ProgrammeFinding> Findings);

/// <summary>One programme on the municipality's side: its applications and amounts requested / decided / fixed, and
/// the budget left (budget − decided or fixed amounts of applications not cancelled).</summary>
public sealed record ProgrammeSummary(
    GrantProgramme Programme, int Applications, int Decided, long RequestedYen, long DecidedYen, long FixedYen, long PaidYen, long? BudgetLeftYen);

public sealed class GrantQueries(TenantStores stores, IReferenceStore reference, GrantCommands commands, TimeProvider clock)
{
    /// Programmes of a jurisdiction, latest version of each key (with the national templates when asked).
    public async Task<IReadOnlyList<GrantProgramme>> ProgrammesAsync(string jurisdiction, bool withTemplates, CancellationToken ct)
    {
        await using var session = reference.QuerySession();
        var all = await session.Query<GrantProgramme>()
            .Where(p => p.Jurisdiction == jurisdiction || (withTemplates && p.Jurisdiction == RateTable.National))
            .ToListAsync(ct);
        return [.. all.GroupBy(p => (p.Jurisdiction, p.Key)).Select(g => g.MaxBy(p => p.Version)!).OrderBy(p => p.IsTemplate).ThenByDescending(p => p.FiscalYear).ThenBy(p => p.Key)];
    }

    public async Task<GrantProgramme?> ProgrammeAsync(Guid id, CancellationToken ct)
    {
        await using var session = reference.QuerySession();
        return await session.LoadAsync<GrantProgramme>(id, ct);
    }

    // ---- corporation ----

    public async Task<IReadOnlyList<GrantApplication>> ApplicationsAsync(TenantInfo corporation, CancellationToken ct)
    {
        if (corporation.Kind != TenantKind.Corporation) return [];
        await using var session = stores.QuerySession(corporation);
        return await session.Query<GrantApplication>().OrderByDescending(a => a.CreatedAt).ToListAsync(ct);
    }

    public async Task<GrantApplication?> ApplicationAsync(TenantInfo corporation, Guid id, CancellationToken ct)
    {
        if (corporation.Kind != TenantKind.Corporation) return null;
        await using var session = stores.QuerySession(corporation);
        return await session.LoadAsync<GrantApplication>(id, ct);
    }

    public async Task<GrantPreview?> PreviewAsync(TenantInfo corporation, Guid id, CancellationToken ct)
    {
        if (await ApplicationAsync(corporation, id, ct) is not { } a) return null;
        var figures = await commands.ComputeAsync(corporation.Jurisdiction, a.Programme, a.Homes, a.Items, ct);
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        return new GrantPreview(figures, ProgrammeCheck.Check(a.Programme, a.Homes, a.Items, today, a.Status == GrantStatus.Returned));
    }

    // ---- municipality ----

    public async Task<IReadOnlyList<GrantCase>> CasesAsync(TenantInfo municipality, string? programmeKey, CancellationToken ct)
    {
        if (municipality.Kind != TenantKind.Municipality) return [];
        await using var session = stores.QuerySession(municipality);
        var query = session.Query<GrantCase>().AsQueryable();
        if (programmeKey is { Length: > 0 } key) query = query.Where(c => c.ProgrammeKey == key);
        return [.. (await query.ToListAsync(ct)).OrderByDescending(c => c.Timeline[0].At)];
    }

    public async Task<GrantCase?> CaseAsync(TenantInfo municipality, Guid id, CancellationToken ct)
    {
        if (municipality.Kind != TenantKind.Municipality) return null;
        await using var session = stores.QuerySession(municipality);
        return await session.LoadAsync<GrantCase>(id, ct);
    }

    public async Task<IReadOnlyList<ProgrammeSummary>> SummariesAsync(TenantInfo municipality, CancellationToken ct)
    {
        if (municipality.Kind != TenantKind.Municipality) return [];
        var programmes = await ProgrammesAsync(municipality.Jurisdiction, false, ct);
        var cases = await CasesAsync(municipality, null, ct);
        return
        [
            .. programmes.Select(p =>
            {
                var of = cases.Where(c => c.ProgrammeKey == p.Key && c.Programme.FiscalYear == p.FiscalYear).ToList();
                var committed = of.Sum(c => c.CommittedYen);
                return new ProgrammeSummary(p, of.Count, of.Count(c => c.Decided is not null && c.Status != GrantStatus.Cancelled),
                    of.Sum(c => c.RequestedYen), of.Where(c => c.Status != GrantStatus.Cancelled).Sum(c => c.DecidedYen ?? 0),
                    of.Where(c => c.Status != GrantStatus.Cancelled).Sum(c => c.FixedYen ?? 0), of.Sum(c => c.PaidYen),
                    p.BudgetYen > 0 ? p.BudgetYen - committed : null);
            }),
        ];
    }
}
