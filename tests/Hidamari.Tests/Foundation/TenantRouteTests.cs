using Hidamari.Tenancy;
using Microsoft.AspNetCore.Http;

namespace Hidamari.Tests.Foundation;

[Trait("Category", "Foundation")]
public sealed class TenantRouteTests
{
    [Theory]
    [InlineData("/t/fukuinryo/facilities", "fukuinryo", false)]
    [InlineData("/t/fukuinryo", "fukuinryo", false)]
    [InlineData("/api/t/setagaya/facilities", "setagaya", true)]
    [InlineData("/api/docs", null, false)]
    [InlineData("/", null, false)]
    [InlineData("/tenants/x", null, false)]
    public void The_tenant_comes_from_the_route_prefix_only(string path, string? tenant, bool isApi) =>
        Assert.Equal((tenant, tenant is not null && isApi), TenantRoute.Parse(new PathString(path)));

    [Theory]
    [InlineData("fukuinryo", true)]
    [InlineData("demo-corp-1", true)]
    [InlineData("a", false)]
    [InlineData("Fukuinryo", false)]
    [InlineData("1abc", false)]
    [InlineData("abc_def", false)]
    [InlineData("abc;drop", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Tenant_ids_are_lower_case_slugs(string? id, bool wellFormed) =>
        Assert.Equal(wellFormed, TenantIds.IsWellFormed(id));

    [Fact]
    public void A_tenant_request_with_a_bad_id_is_refused_with_both_languages()
    {
        var errors = TenantProvisioner.Validate(new NewTenant("Bad Id", TenantKind.Corporation, "", ""));
        Assert.Equal(3, errors.Count);
        Assert.All(errors, e => Assert.Contains(" / ", e));
    }
}
