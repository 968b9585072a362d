using Hidamari.Portal.Features.Subsidies.Engine;
using Marten;

namespace Hidamari.Portal.Features.Subsidies.RateTables;

public sealed class RateTableQueries(IReferenceStore store)
{
    public async Task<IReadOnlyList<RateTableVersionSummary>> ListAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var versions = await session.Query<RateTableVersion>().OrderByDescending(v => v.Number).ToListAsync(ct);
        return versions.Select(v => new RateTableVersionSummary(v.Id, v.Number, v.Jurisdiction, v.FiscalYear, v.EffectiveFrom, v.Notice,
            v.Rounding, v.Entries.Count, v.InUse, v.SupersededByNumber, v.History[0].By, v.History[0].Reason, v.History[0].At)).ToList();
    }

    public async Task<RateTableVersion?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<RateTableVersion>(id, ct);
    }

    /// Every version still in use, for <see cref="RateTableCatalog"/> to choose from by month.
    public async Task<IReadOnlyList<RateTable>> InUseAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var versions = await session.Query<RateTableVersion>().Where(v => v.SupersededBy == null).ToListAsync(ct);
        return versions.Select(v => v.ToTable()).ToList();
    }

    public async Task<RateTable?> InForceAsync(string jurisdiction, DateOnly month, CancellationToken ct) =>
        RateTableCatalog.InForce(await InUseAsync(ct), jurisdiction, month);
}
