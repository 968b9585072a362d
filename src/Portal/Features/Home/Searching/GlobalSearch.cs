using System.Text;
using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Leases;
using Hidamari.Portal.Features.Staff;
using Hidamari.Portal.Features.Submissions;
using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;
using Hidamari.Tenancy.Identity;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Home.Searching;

public enum SearchKind
{
    Facility,
    GroupHome,
    Lease,
    Staff,
    Submission,
}

/// <summary>One hit: what it is, its name, a line of detail, and the page that shows it.</summary>
public sealed record SearchHit(SearchKind Kind, string Title, string Detail, string Path);

public sealed record SearchResults(string Query, IReadOnlyList<SearchHit> Hits, bool Truncated);

/// <summary>
/// The search box in the header: facilities, group homes, leases, staff and submissions of the one tenant in the route,
/// read through that tenant's own queries (its own database), so another tenant's data cannot be found. Staff names are
/// searched for managers only, as the roster is theirs only. Matching ignores case and full-/half-width (NFKC).
/// </summary>
public sealed class GlobalSearch(
    FacilityQueries facilities, LeaseQueries leases, StaffQueries staff, SubmissionQueries submissions, IStringLocalizer<SharedResource> text)
{
    public const int MinQueryLength = 1;
    public const int MaxQueryLength = 100;
    public const int MaxHits = 50;

    public static string Normalize(string text) => text.Normalize(NormalizationForm.FormKC).ToUpperInvariant();

    public async Task<SearchResults> SearchAsync(TenantInfo tenant, IReadOnlyCollection<string> roles, string query, CancellationToken ct)
    {
        var q = Normalize(query.Trim());
        if (q.Length < MinQueryLength) return new SearchResults(query, [], false);
        bool Match(params string?[] fields) => fields.Any(f => f is not null && Normalize(f).Contains(q, StringComparison.Ordinal));
        var t = $"/t/{tenant.Id}";
        var hits = new List<SearchHit>();

        if (tenant.Kind == TenantKind.Corporation)
        {
            var list = (await facilities.ListAsync(tenant, ct)).Facilities;
            foreach (var f in list)
            {
                if (Match(f.Name, f.Address)) hits.Add(new(SearchKind.Facility, f.Name, f.Address, $"{t}/facilities/{f.Id}/timeline"));
                foreach (var g in f.GroupHomes.Where(g => Match(g.Name, g.Address)))
                    hits.Add(new(SearchKind.GroupHome, g.Name, $"{f.Name}{(g.Address is { } a ? " · " + a : "")}", $"{t}/facilities/{f.Id}/timeline"));
            }
            foreach (var l in await leases.ListAsync(tenant, ct))
            {
                if (Match(l.GroupHomeName, l.Lease.Terms.Landlord, l.Lease.Terms.Address))
                    hits.Add(new(SearchKind.Lease, l.GroupHomeName, $"{l.Lease.Terms.Landlord} · {l.Lease.Terms.Address}", $"{t}/leases/{l.Id}"));
            }
            if (roles.Contains(Roles.Manager) || roles.Contains(TenantAccess.ApiClientRole))
            {
                foreach (var s in (await staff.AllAsync(tenant, ct)).Where(s => Match(s.Name, s.NameKana)).OrderBy(s => s.NameKana, StringComparer.Ordinal))
                    hits.Add(new(SearchKind.Staff, s.Name, s.NameKana, $"{t}/staff/{s.Id}"));
            }
            foreach (var s in HomeQueries.LatestVersions(await submissions.SentAsync(tenant, ct)))
            {
                var label = SubmissionLabel(s.Kind, s.FiscalYear);
                if (Match(label, s.MunicipalityName))
                    hits.Add(new(SearchKind.Submission, label,
                        $"{s.MunicipalityName} · v{s.DocumentVersion} · " + text["Submissions.SentStatus." + s.Status], $"{t}/submissions"));
            }
        }
        else
        {
            foreach (var s in await submissions.QueueAsync(tenant, null, ct))
            {
                var label = SubmissionLabel(s.Kind, s.FiscalYear);
                if (Match(label, s.CorporationName))
                    hits.Add(new(SearchKind.Submission, $"{s.CorporationName} {label}",
                        $"v{s.DocumentVersion} · " + text["Review.Status." + s.Status], $"{t}/review/{s.Id}"));
            }
        }
        return new SearchResults(query, [.. hits.Take(MaxHits)], hits.Count > MaxHits);
    }

    /// 小規模かつ地域分散化計画 / 令和6年度 年度末実績: the words a person would type, in the person's language.
    private string SubmissionLabel(DocumentKind kind, int? fiscalYear) =>
        (fiscalYear is { } y ? JapaneseDates.FiscalYearLabel(y) + " " : "") + text["Submissions.Kind." + kind];
}
