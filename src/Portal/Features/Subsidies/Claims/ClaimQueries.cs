using Hidamari.Tenancy;
using Marten;

namespace Hidamari.Portal.Features.Subsidies.Claims;

public sealed record ClaimSummary(
    Guid Id, Guid SeriesId, int VersionNumber, Guid FacilityId, string FacilityName, DateOnly Month, long TotalYen, bool Locked, bool Latest, bool Complete);

/// A claim with the difference from the version it corrects.
public sealed record ClaimDetail(Claim Claim, ClaimDifference? Difference, bool Latest);

/// The yearly figures: per facility and month, the latest version's total.
public sealed record ClaimYear(int FiscalYear, IReadOnlyList<ClaimYearFacility> Facilities)
{
    public long TotalYen => Facilities.Sum(f => f.TotalYen);
}

public sealed record ClaimYearFacility(Guid FacilityId, string FacilityName, IReadOnlyList<ClaimSummary> Months)
{
    public long TotalYen => Months.Sum(m => m.TotalYen);

    public bool AllLocked => Months.All(m => m.Locked);
}

public sealed class ClaimQueries(TenantStores stores)
{
    public async Task<IReadOnlyList<ClaimSummary>> ListAsync(TenantInfo tenant, int? fiscalYear, CancellationToken ct)
    {
        await using var session = stores.QuerySession(tenant);
        var query = session.Query<Claim>().AsQueryable();
        if (fiscalYear is { } year)
        {
            var from = new DateOnly(year, 4, 1);
            var to = new DateOnly(year + 1, 3, 31);
            query = query.Where(c => c.Month >= from && c.Month <= to);
        }
        var claims = await query.ToListAsync(ct);
        var latest = claims.GroupBy(c => c.SeriesId).ToDictionary(g => g.Key, g => g.Max(c => c.VersionNumber));
        return claims
            .OrderByDescending(c => c.Month).ThenBy(c => c.FacilityName, StringComparer.Ordinal).ThenByDescending(c => c.VersionNumber)
            .Select(c => new ClaimSummary(c.Id, c.SeriesId, c.VersionNumber, c.FacilityId, c.FacilityName, c.Month, c.TotalYen, c.Locked,
                latest[c.SeriesId] == c.VersionNumber, c.Statement.IsComplete))
            .ToList();
    }

    public async Task<ClaimDetail?> FindAsync(TenantInfo tenant, Guid id, CancellationToken ct)
    {
        await using var session = stores.QuerySession(tenant);
        if (await session.LoadAsync<Claim>(id, ct) is not { } claim) return null;
        var previous = claim.PreviousClaimId is { } p ? await session.LoadAsync<Claim>(p, ct) : null;
        var later = await session.Query<Claim>().AnyAsync(c => c.SeriesId == claim.SeriesId && c.VersionNumber > claim.VersionNumber, ct);
        return new ClaimDetail(claim, previous is null ? null : ClaimDifference.Between(previous, claim), !later);
    }

    public async Task<ClaimYear> YearAsync(TenantInfo tenant, int fiscalYear, CancellationToken ct)
    {
        var latest = (await ListAsync(tenant, fiscalYear, ct)).Where(c => c.Latest).ToList();
        return new ClaimYear(fiscalYear, latest.GroupBy(c => (c.FacilityId, c.FacilityName))
            .OrderBy(g => g.Key.FacilityName, StringComparer.Ordinal)
            .Select(g => new ClaimYearFacility(g.Key.FacilityId, g.Key.FacilityName, g.OrderBy(c => c.Month).ToList()))
            .ToList());
    }
}
