using Bogus;
using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Facilities.AddingLivingUnit;
using Hidamari.Portal.Features.Facilities.OpeningGroupHome;
using Hidamari.Portal.Features.Facilities.Registering;
using Hidamari.Portal.Features.Leases;
using Hidamari.Portal.Features.Staff;
using Hidamari.Tenancy;

namespace Hidamari.Portal.DemoData;

public sealed class DemoDataOptions
{
    public const string Section = "Hidamari:DemoData";
    public bool Enabled { get; set; }
    /// How many Bogus-generated corporations join the two from seed 003.
    public int ExtraCorporations { get; set; } = 3;

    /// Development password of every demo person; without it no demo people are created.
    public string? Password { get; set; }

    /// Development secret of each demo tenant's API client ({tenant}-demo).
    public string? ApiClientSecret { get; set; }
}

public static class DemoDataConfiguration
{
    public static IServiceCollection AddDemoData(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DemoDataOptions>(configuration.GetSection(DemoDataOptions.Section));
        services.AddSingleton<SetagayaDecentralization>();
        services.AddSingleton<DemoDataSeeder>();
        services.AddScoped<DemoPeople>();
        services.AddHostedService<DemoDataStartup>();
        return services;
    }
}

/// <summary>
/// Seeds the Setagaya ward and its two corporations as of September 2021 (seed 003, 令和3年9月末), plus a few
/// generated corporations, through the same commands the UI and API use. Runs once: tenants already present are skipped.
/// </summary>
public sealed class DemoDataSeeder(
    TenantRegistry registry, TenantProvisioner provisioner, FacilityCommands facilities, LeaseDemoData leases, SetagayaDecentralization setagaya,
    StaffDemoData staff, Features.Submissions.SetagayaSubmissions submissions, Features.Grants.GrantDemoData grants, ILogger<DemoDataSeeder> logger,
    Features.Grants.GrantRecordsDemoData grantRecords)
{
    public const string Setagaya = "setagaya";
    public const string DemoUser = "demo-data";
    public const string TokyoIkuseien = "tokyo-ikuseien";
    public const string Fukuinryo = "fukuinryo";
    private const string SetagayaJurisdiction = "東京都世田谷区";

    /// The state recorded for 令和3年9月末 in seed 003; earlier history is not in the seed.
    private static readonly DateOnly Sept2021 = new(2021, 9, 30);

    public async Task SeedAsync(int extraCorporations, CancellationToken ct)
    {
        await EnsureTenantAsync(new NewTenant(Setagaya, TenantKind.Municipality, "世田谷区", SetagayaJurisdiction), null, ct);

        // 東京育成園: main building 4 units × 6 + 1 × 5 = 29, group homes 4 × 6 = 24 → 53.
        await EnsureTenantAsync(new NewTenant(TokyoIkuseien, TenantKind.Corporation, "社会福祉法人東京育成園", SetagayaJurisdiction),
            new DemoFacility("東京育成園", "東京都世田谷区上馬", 29, [6, 6, 6, 6]) { UnitCapacities = [6, 6, 6, 6, 5], Then = setagaya.TokyoIkuseienAsync }, ct);
        // 福音寮: main building 3 units × 7 = 21, group homes 6 × 6 = 36 → 57.
        await EnsureTenantAsync(new NewTenant(Fukuinryo, TenantKind.Corporation, "社会福祉法人福音寮", SetagayaJurisdiction),
            new DemoFacility("福音寮", "東京都世田谷区松原", 21, [6, 6, 6, 6, 6, 6]) { UnitCapacities = [7, 7, 7], Then = setagaya.FukuinryoAsync }, ct);

        var faker = new Faker("ja") { Random = new Randomizer(2021) };
        for (var i = 1; i <= extraCorporations; i++)
        {
            var family = faker.Name.LastName();
            var prefecture = faker.Address.State();
            var groupHomes = Enumerable.Range(0, faker.Random.Int(1, 5)).Select(_ => faker.Random.Int(4, 6)).ToArray();
            await EnsureTenantAsync(
                new NewTenant($"demo-corp-{i}", TenantKind.Corporation, $"社会福祉法人{family}福祉会", prefecture),
                new DemoFacility($"{family}学園", prefecture + faker.Address.City(), faker.Random.Int(18, 45), groupHomes), ct);
        }
        // The ward's targets and both plans, submitted and accepted (issue 6).
        await submissions.SeedAsync(ct);
        // A Setagaya grant programme and applications in progress (issue 9).
        await grants.SeedAsync(ct);
        // Equipment lists, and a staff-development application drafted from the training plan (issue 9).
        await grantRecords.SeedAsync(ct);
    }

    private sealed record DemoFacility(string Name, string Address, int MainCapacity, int[] GroupHomeCapacities)
    {
        /// Living units of the main building as of September 2021; their sum is the main capacity.
        public int[] UnitCapacities { get; init; } = [];

        /// What happened after September 2021 (seed 003's steps), recorded once the starting state is in.
        public Func<TenantInfo, SeededFacility, CancellationToken, Task>? Then { get; init; }
    }

    private async Task EnsureTenantAsync(NewTenant request, DemoFacility? facility, CancellationToken ct)
    {
        if (await registry.FindAsync(request.Id, ct) is { Status: TenantStatus.Active }) return;
        var tenant = await provisioner.CreateAsync(request, ct);
        logger.LogInformation("Demo tenant {TenantId} created", tenant.Id);
        if (facility is null) return;

        var registered = await facilities.RegisterAsync(tenant, DemoUser,
            new RegisterFacility(FacilityKind.ChildrensHome, facility.Name, facility.Address, facility.MainCapacity, Sept2021), ct);
        var facilityId = registered.Value;
        var units = new List<Guid>();
        for (var n = 0; n < facility.UnitCapacities.Length; n++)
        {
            var unit = await facilities.AddLivingUnitAsync(tenant, DemoUser, facilityId,
                new AddLivingUnit($"ユニット{n + 1}", facility.UnitCapacities[n], Sept2021), ct);
            units.Add(unit.Value);
        }
        var groupHomes = new List<Guid>();
        for (var n = 0; n < facility.GroupHomeCapacities.Length; n++)
        {
            var home = await facilities.OpenGroupHomeAsync(tenant, DemoUser, facilityId,
                new OpenGroupHome(GroupHomeKind.RegionalSmallScale, $"{facility.Name}グループホーム{n + 1}", facility.GroupHomeCapacities[n], Sept2021), ct);
            groupHomes.Add(home.Value);
        }
        if (facility.Then is { } then) await then(tenant, new SeededFacility(facilityId, facility.Name, units, groupHomes), ct);
        // Leases last, so that group homes the later steps open have theirs too.
        await leases.SeedAsync(tenant, ct);
        await staff.SeedAsync(tenant, ct);
    }
}

internal sealed class DemoDataStartup(DemoDataSeeder seeder, IServiceScopeFactory scopes, Microsoft.Extensions.Options.IOptions<DemoDataOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (!o.Enabled) return;
        await seeder.SeedAsync(o.ExtraCorporations, cancellationToken);
        if (o.Password is { Length: > 0 } password && o.ApiClientSecret is { Length: > 0 } secret)
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DemoPeople>().SeedAsync(password, secret, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
