using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hidamari.Portal.Infrastructure;
using Hidamari.Tests.Features.Leases;
using Hidamari.Tests.Infrastructure;

namespace Hidamari.Tests.Reliability;

/// <summary>
/// Every command's text is checked by one rule (<see cref="PlainText"/>): control characters, bidirectional overrides and
/// lone surrogate halves are refused with a message in the caller's language, at any depth of the command, and nothing is stored.
/// </summary>
[Trait("Category", "Reliability")]
[Collection(ReliabilityCollection.Name)]
public sealed class PlainTextTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("ひだまりホーム", true)]
    [InlineData("複数行の\r\n説明\tタブ", true)]
    [InlineData("家族👨‍👩‍👧と😀", true)]
    [InlineData("NUL\u0000", false)]
    [InlineData("ベル\u0007", false)]
    [InlineData("DEL\u007f", false)]
    [InlineData("C1\u0085", false)]
    [InlineData("反転\u202eemoh", false)]
    [InlineData("分離\u2066x\u2069", false)]
    public void Text_is_clean_unless_it_hides_what_it_says(string text, bool clean) => Assert.Equal(clean, PlainText.IsClean(text));

    [Fact]
    public void A_lone_surrogate_half_is_not_text()
    {
        // Built in code: an attribute argument cannot hold a lone surrogate (it is stored as UTF-8 and becomes U+FFFD).
        Assert.False(PlainText.IsClean("半分" + (char)0xD800));
        Assert.False(PlainText.IsClean((char)0xDC00 + "後半だけ"));
        Assert.False(PlainText.IsClean("逆順" + (char)0xDE00 + (char)0xD83D));
    }

    [Fact]
    public void Paths_name_the_field_at_any_depth_and_file_bytes_are_not_text()
    {
        var command = new Hidamari.Portal.Features.Grants.Attaching.AttachGrantFile(
            Hidamari.Portal.Features.Grants.Attaching.GrantFileUse.Application, "見積書.pdf", [0x00, 0x07, 0x1b], "説明\u202e");
        Assert.Equal(["Description"], PlainText.UncleanPaths(command));
        var items = new { Items = new[] { new Hidamari.Portal.Features.Grants.Calculating.GrantItem("a", default, "ok", 1), new("b", default, "ベル\u0007", 2) } };
        Assert.Empty(PlainText.UncleanPaths(items)); // an anonymous type is not one of our commands: not walked
        Assert.Equal(["[1].Description"], PlainText.UncleanPaths(items.Items));
    }

    [Fact]
    public async Task A_command_with_hidden_characters_is_refused_in_the_callers_language_and_nothing_is_stored()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("plain"));
        var client = portal.ClientFor(tenant, "manager");
        var api = $"/api/t/{tenant.Id}";

        // Top level: a facility whose name reads "ひだまり学園" but is stored reversed after the override.
        var refused = await client.PostJsonAsync($"{api}/facilities", ReliabilitySetup.Facility("ひだまり\u202e園学"), ct);
        var errors = await ErrorsAsync(refused, ct);
        Assert.Equal("制御文字や文字の向きを変える記号は入力できません。", Assert.Single(errors["name"]));
        Assert.Empty((await (await client.GetAsync($"{api}/facilities", ct)).ReadAsync<Hidamari.Portal.Features.Facilities.FacilityList>(ct))!.Facilities);

        // Nested in a lease's terms, in English.
        var facility = (await (await client.PostJsonAsync($"{api}/facilities", ReliabilitySetup.Facility("平文学園"), ct)).ReadAsync<Created>(ct))!.Id;
        var gh = (await (await client.PostJsonAsync($"{api}/facilities/{facility}/group-homes",
            new { kind = "RegionalSmallScale", name = "平文ホーム", capacity = 4, openedOn = "2024-03-01" }, ct)).ReadAsync<Created>(ct))!.Id;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{api}/leases")
        {
            Content = JsonContent.Create(new { groupHomeId = gh, terms = LeaseExamples.Terms(new DateOnly(2024, 4, 1)) with { Landlord = "山田\u0000太郎" } }, options: Json.Options),
        };
        request.Headers.AcceptLanguage.ParseAdd("en");
        var nested = await ErrorsAsync(await client.SendAsync(request, ct), ct);
        Assert.Contains("Control characters and text-direction marks are not allowed.", nested.Single(e => e.Key.Contains("landlord", StringComparison.OrdinalIgnoreCase)).Value);
        Assert.Empty(await (await client.GetAsync($"{api}/leases", ct)).ReadAsync<JsonElement[]>(ct) ?? []);

        // A grants command (its own error mapping): the same message, and the equipment list stays empty.
        var equipment = await ErrorsAsync(await client.PostJsonAsync($"{api}/grants/equipment",
            new { groupHomeId = gh, item = "冷蔵庫", quantity = 1, unitPriceYen = 300_000, on = "2024-04-10", purchased = true, vendor = "家具\u202eセンター" }, ct), ct);
        Assert.Equal("制御文字や文字の向きを変える記号は入力できません。", Assert.Single(equipment["vendor"]));
        Assert.DoesNotContain("冷蔵庫", await (await client.GetAsync($"{api}/grants/equipment", ct)).Content.ReadAsStringAsync(ct));
    }

    private static async Task<Dictionary<string, string[]>> ErrorsAsync(HttpResponseMessage response, CancellationToken ct)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        return problem.RootElement.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
    }
}
