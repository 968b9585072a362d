using Bogus;
using Hidamari.Portal.Features.Leases.Renewing;
using Hidamari.Portal.Features.Leases.RevisingRent;
using Hidamari.Portal.Features.Leases.Signing;
using Hidamari.Tenancy;

namespace Hidamari.Portal.Features.Leases;

/// <summary>
/// Demo leases for every group home of a demo corporation, generated with Bogus from a seed fixed per tenant, through
/// the same commands the pages use. Terms follow Tokyo practice: two-year 普通借家, 更新料 one month, 敷金 one or two
/// months, 仲介手数料 one month plus tax. The first group home's term ends about 75 days after seeding, so its
/// notice deadline and renewal show on the 90-day card.
/// </summary>
public sealed class LeaseDemoData(LeaseCommands commands, LeaseQueries queries)
{
    private const string DemoUser = "demo-data";

    public async Task SeedAsync(TenantInfo tenant, CancellationToken ct)
    {
        if ((await queries.ListAsync(tenant, ct)).Count > 0) return;
        var faker = new Faker("ja") { Random = new Randomizer(StableSeed(tenant.Id)) };
        var today = queries.Today;
        var groupHomes = await queries.GroupHomesAsync(tenant, ct);
        for (var n = 0; n < groupHomes.Count; n++)
        {
            var gh = groupHomes[n];
            var rent = faker.Random.Int(110, 200) * 1_000L;
            var starts = n == 0
                ? new DateOnly(today.Year, today.Month, 1).AddMonths(3).AddYears(-2)
                : gh.OpenedOn.AddDays(-faker.Random.Int(0, 400));
            starts = new DateOnly(starts.Year, starts.Month, n % 3 == 2 ? 15 : 1);
            var terms = new LeaseTerms(
                Landlord: faker.Random.Bool(0.3f) ? $"{faker.Company.CompanyName()}不動産" : faker.Name.FullName(),
                LandlordContact: faker.Phone.PhoneNumber("03-####-####"),
                Address: $"{faker.Address.State()}{faker.Address.City()}{faker.Random.Int(1, 5)}-{faker.Random.Int(1, 30)}-{faker.Random.Int(1, 20)}",
                FloorArea: Math.Round(faker.Random.Decimal(80, 140), 1),
                Rooms: faker.PickRandom("4LDK", "5LDK", "5DK", "6DK"),
                SignedOn: starts.AddDays(-faker.Random.Int(7, 30)),
                StartsOn: starts,
                EndsOn: starts.AddYears(2).AddDays(-1),
                Renewal: faker.Random.Bool(0.6f) ? RenewalKind.Automatic : RenewalKind.ByAgreement,
                NoticePeriodMonths: faker.PickRandom(1, 2, 3, 6),
                RenewalTermMonths: 24,
                MonthlyRent: rent,
                CommonCharges: faker.PickRandom(0, 3_000, 5_000, 8_000),
                Deposit: rent * faker.Random.Int(1, 2),
                KeyMoney: rent * faker.Random.Int(0, 1),
                BrokerageFee: rent * 11 / 10,
                GuarantorFee: rent / 2,
                RenewalFee: rent,
                RestorationObligations: "通常損耗・経年劣化を除き、入居時の状態に戻す（国交省ガイドラインに準拠）");
            if (n == 0) terms = terms with { NoticePeriodMonths = 2 };

            var signed = await commands.SignAsync(tenant, DemoUser, new SignLease(gh.Id, terms), ct);
            if (!signed.Succeeded) continue;
            var leaseId = signed.Value;

            if (n % 2 == 1 && starts.AddYears(1) < today)
            {
                var from = new DateOnly(starts.Year + 1, 4, 1);
                await commands.ReviseRentAsync(tenant, DemoUser, leaseId, new ReviseRent(from, rent + 5_000, terms.CommonCharges, "固定資産税の増額に伴う改定"), ct);
            }
            // Renew each term that has ended, as the corporation would have recorded it.
            for (var ends = terms.EndsOn; ends < today; ends = ends.AddYears(2))
                await commands.RenewAsync(tenant, DemoUser, leaseId, new RenewLease(ends.AddMonths(-1), ends.AddYears(2), terms.RenewalFee), ct);
        }
    }

    /// A seed that depends only on the tenant id (string.GetHashCode differs between runs).
    private static int StableSeed(string tenantId) => tenantId.Aggregate(17, (h, c) => unchecked(h * 31 + c));
}
