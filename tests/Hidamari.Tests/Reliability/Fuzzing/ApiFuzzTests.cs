using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Hidamari.Tenancy;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Hidamari.Tests.Features.Leases;
using Hidamari.Tests.Infrastructure;
using Npgsql;

namespace Hidamari.Tests.Reliability.Fuzzing;

/// <summary>
/// Every tenant API endpoint in the OpenAPI document, fuzzed on a real port (so Kestrel's limits apply) as a manager
/// of a corporation and a reviewer of a municipality: only 2xx or 4xx problem+json may come back, never 5xx, and a
/// refused request stores nothing in the tenant's database.
/// </summary>
[Trait("Category", "Reliability")]
[Collection(ReliabilityCollection.Name)]
public sealed class ApiFuzzTests(KestrelPortalFactory portal) : IClassFixture<KestrelPortalFactory>
{
    private const int TargetCases = 10_400;
    private const int Parallelism = 8;

    private sealed record Target(TenantInfo Tenant, HttpClient Client, string[] Tables);

    private sealed class Tally
    {
        public int Tried;
        public int Success;
        public int ClientErrors;
        public readonly ConcurrentDictionary<int, int> Statuses = new();
        public readonly ConcurrentDictionary<string, long> MillisecondsByKind = new();
        public readonly ConcurrentBag<string> ServerErrors = [];
        public readonly ConcurrentBag<string> NotProblemJson = [];
        public readonly ConcurrentBag<string> InvalidAccepted = [];
        public readonly ConcurrentBag<string> Transport = [];
        public readonly ConcurrentBag<string> Stored = [];
    }

    [Fact]
    public async Task Every_endpoint_answers_hostile_input_with_4xx_problem_json_or_2xx_and_refused_requests_store_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = Stopwatch.StartNew();
        var corporation = await portal.CreateTenantAsync(PortalFactory.NewTenantId("fuzz-corp"));
        var municipality = await portal.CreateTenantAsync(PortalFactory.NewTenantId("fuzz-city"), TenantKind.Municipality, "世田谷区（ファジング）");
        var manager = portal.ClientFor(corporation, "manager");
        var reviewer = portal.ClientFor(municipality, "reviewer");
        var ids = await SeedAsync(corporation, manager, ct);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.GetAsync($"/api/t/{municipality.Id}/facilities", ct)).StatusCode);

        var openApi = JsonNode.Parse(await portal.NewClient().GetStringAsync("/openapi/v1.json", ct))!.AsObject();
        var fuzzer = new OpenApiFuzzer(openApi, new Random(20211001), ids);
        // The endpoints are the routing table's (every feature's Map…Api, whatever it declares for OpenAPI); the
        // OpenAPI document supplies the schemas of those it describes.
        var routed = TenantEndpoints();
        var documented = fuzzer.Operations("/api/t/{tenant}/").ToDictionary(o => (o.Method, Normalize(o.PathTemplate)));
        Assert.All(documented.Keys, k => Assert.True(routed.ContainsKey(k), $"{k} is in the OpenAPI document but not routed"));
        var operations = routed.Select(r => documented.TryGetValue(r.Key, out var op) ? op : OpenApiFuzzer.Undocumented(r.Key.Method, r.Key.Path, r.Value)).ToList();
        Assert.Contains(operations, o => o.PathTemplate.Contains("/facilities", StringComparison.Ordinal));
        Assert.Contains(operations, o => o.PathTemplate.Contains("/leases", StringComparison.Ordinal));

        var corp = new Target(corporation, manager, await TablesAsync(corporation));
        var city = new Target(municipality, reviewer, await TablesAsync(municipality));
        // Cases follow the input surface: an endpoint without parameters or body gets a few, the rest share by weight.
        static int Weight(FuzzOperation o) => o.Parameters.Count + (o.JsonBody is not null || o.FormBody is not null ? 4 : 0);
        const int InputlessCases = 12;
        var inputless = operations.Count(o => Weight(o) == 0);
        var totalWeight = Math.Max(1, operations.Sum(Weight));
        var cases = new List<(FuzzCase Case, Target Target)>();
        var choose = new Random(7);
        foreach (var op in operations)
        {
            var count = Weight(op) == 0 ? InputlessCases : (int)Math.Ceiling((double)(TargetCases - InputlessCases * inputless) * Weight(op) / totalWeight);
            for (var i = 0; i < count; i++)
            {
                var target = choose.Next(4) == 0 ? city : corp;
                cases.Add((fuzzer.Next(op, target.Tenant.Id), target));
            }
            if (op.JsonBody is not null || op.FormBody is not null) cases.Add((fuzzer.Oversized(op, corp.Tenant.Id), corp));
        }
        var setup = clock.Elapsed;

        var tally = new Tally();
        // Phase 1, in parallel: reads and requests that are surely invalid. The tenants' stores must not change at all.
        var parallel = cases.Where(c => c.Case.Operation.IsRead || c.Case.SurelyInvalid).ToList();
        var before = (await StoredAsync(corp), await StoredAsync(city));
        await Parallel.ForEachAsync(parallel, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
            async (c, token) => await SendAsync(c.Case, c.Target, tally, token));
        var after = (await StoredAsync(corp), await StoredAsync(city));
        if (before != after) tally.Stored.Add($"phase 1 (reads and invalid requests) changed the stores: {before} → {after}");

        // Phase 2, one at a time: random and boundary values that may be valid; every refusal is checked to have stored nothing.
        // The two tenants' streams run side by side; within a tenant one request at a time.
        var phase1 = clock.Elapsed - setup;
        var sequential = cases.Except(parallel).ToList();
        await Task.WhenAll(new[] { (corp, after.Item1), (city, after.Item2) }.Select(async t =>
        {
            var (target, known) = t;
            foreach (var (c, _) in sequential.Where(s => s.Target == target))
            {
                var status = await SendAsync(c, target, tally, ct);
                var now = await StoredAsync(target);
                if (status is < 200 or >= 300 && now != known)
                    tally.Stored.Add($"{c.Operation} [{c.Kind}] answered {status} but stored {now - known} rows");
                known = now;
            }
        }));

        var elapsed = clock.Elapsed;
        ReliabilitySetup.Figure($"[reliability] fuzz: {operations.Count} endpoints from the routing table ({operations.Count(o => o.Documented)} with OpenAPI schemas), cases tried {tally.Tried} " +
            $"({parallel.Count} reads or invalid in parallel, {sequential.Count} maybe-valid one by one), 2xx {tally.Success}, 4xx {tally.ClientErrors}, " +
            $"server errors {tally.ServerErrors.Count}, 4xx without problem+json {tally.NotProblemJson.Count}, invalid accepted {tally.InvalidAccepted.Count}, " +
            $"refusals that stored something {tally.Stored.Count}, transport failures {tally.Transport.Count}; " +
            $"statuses {string.Join(" ", tally.Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}; " +
            $"{elapsed.TotalSeconds:F0} s ({setup.TotalSeconds:F0} s setup, {phase1.TotalSeconds:F0} s parallel phase)");
        ReliabilitySetup.Figure("  slowest kinds (total request time): " + string.Join(", ",
            tally.MillisecondsByKind.OrderByDescending(k => k.Value).Take(8).Select(k => $"{k.Key} {k.Value / 1000.0:F1} s")));
        foreach (var (name, bag) in new[] { ("5xx", tally.ServerErrors), ("not problem+json", tally.NotProblemJson), ("invalid accepted", tally.InvalidAccepted), ("stored", tally.Stored), ("transport", tally.Transport) })
            foreach (var line in bag.Distinct().Take(15)) ReliabilitySetup.Figure($"  {name}: {line}");

        Assert.True(tally.Tried >= 10_000, $"only {tally.Tried} cases");
        Assert.Empty(tally.ServerErrors);
        Assert.Empty(tally.NotProblemJson);
        Assert.Empty(tally.InvalidAccepted);
        Assert.Empty(tally.Stored);
        Assert.Empty(tally.Transport);
    }

    private static async Task<int> SendAsync(FuzzCase c, Target target, Tally tally, CancellationToken ct)
    {
        Interlocked.Increment(ref tally.Tried);
        using var request = c.Build();
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await target.Client.SendAsync(request, ct);
            var status = (int)response.StatusCode;
            tally.Statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            var label = $"{c.Operation} [{c.Kind}] as {target.Tenant.Kind} → {status}";
            if (status >= 500)
            {
                var body = await response.Content.ReadAsStringAsync(ct);
                tally.ServerErrors.Add($"{label}: {request.RequestUri?.OriginalString[..Math.Min(request.RequestUri.OriginalString.Length, 160)]} {body[..Math.Min(body.Length, 300)]}");
            }
            else if (status >= 400)
            {
                Interlocked.Increment(ref tally.ClientErrors);
                if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    tally.NotProblemJson.Add($"{label} ({response.Content.Headers.ContentType?.MediaType ?? "no body"})");
            }
            else
            {
                Interlocked.Increment(ref tally.Success);
                if (c.SurelyInvalid) tally.InvalidAccepted.Add($"{label}: {await BodyTextAsync(request, ct)}");
            }
            return status;
        }
        catch (HttpRequestException e)
        {
            tally.Transport.Add($"{c.Operation} [{c.Kind}]: {e.Message} {e.InnerException?.Message}");
            return 0;
        }
        finally
        {
            tally.MillisecondsByKind.AddOrUpdate(c.Kind, _ => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                (_, ms) => ms + (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    /// Every method and path under <c>/api/t/{tenant}/</c> in the portal's endpoint data sources, with its route parameters.
    private Dictionary<(string Method, string Path), (string Name, string? Constraint)[]> TenantEndpoints()
    {
        var endpoints = new Dictionary<(string, string), (string, string?)[]>();
        foreach (var endpoint in portal.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var path = Normalize("/" + string.Join("/", endpoint.RoutePattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
            {
                RoutePatternLiteralPart literal => literal.Content,
                RoutePatternSeparatorPart separator => separator.Content,
                RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
                _ => "",
            })))));
            if (!path.StartsWith("/api/t/{tenant}/", StringComparison.Ordinal)) continue;
            var parameters = endpoint.RoutePattern.Parameters.Where(p => p.Name != "tenant")
                .Select(p => (p.Name, p.ParameterPolicies.Select(c => c.Content).FirstOrDefault())).ToArray();
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                endpoints[(method, path)] = parameters;
        }
        return endpoints;
    }

    private static string Normalize(string path) => path.Length > 1 ? path.TrimEnd('/') : path;

    /// The start of a request's body, for the report: what exactly was accepted.
    private static async Task<string> BodyTextAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (request.Content is null) return "(no body)";
        var text = await request.Content.ReadAsStringAsync(ct);
        return text[..Math.Min(text.Length, 400)];
    }

    /// A facility, a group home, a lease and a document, so that fuzzed ids can hit real streams.
    private static async Task<Dictionary<string, Guid>> SeedAsync(TenantInfo tenant, HttpClient client, CancellationToken ct)
    {
        var api = $"/api/t/{tenant.Id}";
        var facility = (await (await client.PostJsonAsync($"{api}/facilities", ReliabilitySetup.Facility("ファジング学園"), ct)).ReadAsync<Created>(ct))!.Id;
        var gh = (await (await client.PostJsonAsync($"{api}/facilities/{facility}/group-homes",
            new { kind = "RegionalSmallScale", name = "ファジングホーム", capacity = 4, openedOn = "2024-03-01" }, ct)).ReadAsync<Created>(ct))!.Id;
        var lease = (await (await client.PostJsonAsync($"{api}/leases",
            new { groupHomeId = gh, terms = LeaseExamples.Terms(new DateOnly(2024, 4, 1)) }, ct)).ReadAsync<Created>(ct))!.Id;
        var file = new ByteArrayContent("%PDF-1.4\n%%EOF\n"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        var document = (await (await client.PostAsync($"{api}/leases/{lease}/documents", new MultipartFormDataContent { { file, "file", "契約書.pdf" } }, ct)).ReadAsync<Created>(ct))!.Id;
        return new() { ["facilityId"] = facility, ["groupHomeId"] = gh, ["leaseId"] = lease, ["documentId"] = document };
    }

    private NpgsqlConnection Connect(TenantInfo tenant) =>
        new(new NpgsqlConnectionStringBuilder(portal.ConnectionString) { Database = tenant.DatabaseName }.ConnectionString);

    /// The event table and every document table of the tenant's store.
    private async Task<string[]> TablesAsync(TenantInfo tenant)
    {
        await using var conn = Connect(tenant);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "select table_name from information_schema.tables where table_schema = 'hidamari' and (table_name = 'mt_events' or table_name like 'mt\\_doc\\_%') order by 1", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return [.. names];
    }

    /// Rows in the tenant's events and documents: any stored change moves it.
    private async Task<long> StoredAsync(Target target)
    {
        await using var conn = Connect(target.Tenant);
        await conn.OpenAsync();
        var sql = "select " + string.Join(" + ", target.Tables.Select(t => $"(select count(*) from hidamari.\"{t}\")"));
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
