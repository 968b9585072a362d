using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Hidamari.Tests.Infrastructure;

namespace Hidamari.Tests.Scale;

[Trait("Category", "Scale")]
public sealed class OperationsTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Liveness_and_readiness_answer_without_signing_in()
    {
        using var client = portal.NewClient();
        var live = await client.GetAsync("/healthz", Ct);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync(Ct));
        var ready = await client.GetAsync("/readyz", Ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_tenant_request_is_traced_with_the_tenant_as_an_attribute()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("otel"));
        var client = portal.ClientFor(tenant);
        var seen = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Microsoft.AspNetCore" or "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = seen.Add,
        };
        ActivitySource.AddActivityListener(listener);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/t/{tenant.Id}/facilities", Ct)).StatusCode);

        // The server stops the request's activity after the response has left, so the client may see it first.
        bool IsTheRequest(Activity a) => a.OperationName == "Microsoft.AspNetCore.Hosting.HttpRequestIn"
            && a.GetTagItem("hidamari.tenant") as string == tenant.Id;
        for (var waited = 0; waited < 50 && !seen.Any(IsTheRequest); waited++) await Task.Delay(100, Ct);
        var request = Assert.Single(seen, IsTheRequest);
        // Database calls made for the request are its children, so a trace shows which tenant's database was used.
        Assert.Contains(seen, a => a.Source.Name == "Npgsql" && a.TraceId == request.TraceId);
    }
}
