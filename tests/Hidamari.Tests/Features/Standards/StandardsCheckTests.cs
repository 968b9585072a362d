using System.Text;
using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Plans;
using Hidamari.Portal.Features.Standards;

namespace Hidamari.Tests.Features.Standards;

/// The standards of seed 001 as data: table-driven rules, the build-date condition, and a later version's value.
[Trait("Category", "Standards")]
public sealed class StandardsCheckTests
{
    private static readonly StandardsCatalog Shipped = StandardsCatalog.Shipped();
    private static readonly DateOnly AsOf = new(2025, 3, 31);
    private static readonly Guid F = Guid.NewGuid();

    private static FacilityOverview Facility(FacilityKind kind = FacilityKind.ChildrensHome, params IFacilityEvent[] more)
    {
        var overview = FacilityOverview.Create(new FacilityRegistered(F, kind, "東京育成園", "x", 18, new(2000, 4, 1)));
        foreach (var e in more) overview = overview.Apply(e);
        return overview;
    }

    private static RoomRecorded Room(decimal area, int residents, DateOnly builtOn, bool infantsOnly = false) =>
        new(F, Guid.NewGuid(), "居室B", RoomPlace.MainBuilding, null, area, residents, infantsOnly, builtOn, new(2021, 9, 30));

    private static IReadOnlyList<Finding> Check(FacilityOverview facility, StandardsCatalog? catalog = null, DateOnly? asOf = null, IReadOnlyList<PlanYear>? plan = null) =>
        StandardsCheck.Run(catalog ?? Shipped, facility, asOf ?? AsOf, "東京都世田谷区", plan ?? []);

    [Theory]
    // area m², residents, built on, infants only, facility kind → rules broken (by the version that applies)
    [InlineData(15.0, 5, "2016-03-01", false, FacilityKind.ChildrensHome, "ResidentsPerRoom:national-2011,RoomArea:national-2011")] // 3.0 m² each, 5 in a room
    [InlineData(19.8, 4, "2016-03-01", false, FacilityKind.ChildrensHome, "")]                                                          // 4.95 m² each, 4: just right
    [InlineData(19.7, 4, "2016-03-01", false, FacilityKind.ChildrensHome, "RoomArea:national-2011")]                                    // 4.92 m²
    [InlineData(19.8, 6, "2016-03-01", true, FacilityKind.ChildrensHome, "")]                                                           // infants only: 3.3 m², 6 per room
    [InlineData(24.0, 7, "2016-03-01", true, FacilityKind.ChildrensHome, "ResidentsPerRoom:national-2011")]
    [InlineData(15.0, 5, "2005-04-01", false, FacilityKind.ChildrensHome, "RoomArea:national-1998")]                                    // built before 2011: 3.3 m², ≤ 15 per room
    [InlineData(16.5, 5, "2005-04-01", false, FacilityKind.ChildrensHome, "")]
    [InlineData(12.0, 5, "2016-03-01", false, FacilityKind.InfantHome, "RoomArea:national-2011")]                                       // infant home 2.47 m²; no per-room limit
    [InlineData(12.5, 5, "2016-03-01", false, FacilityKind.InfantHome, "")]
    public void Rooms_are_checked_by_area_per_resident_and_residents_per_room(
        double area, int residents, string builtOn, bool infantsOnly, FacilityKind kind, string expected)
    {
        var findings = Check(Facility(kind, Room((decimal)area, residents, DateOnly.Parse(builtOn), infantsOnly)));

        Assert.Equal(expected, string.Join(",", findings.Select(f => $"{f.Rule}:{f.RuleVersion}").Order(StringComparer.Ordinal)));
        Assert.All(findings, f => Assert.Equal(("居室B", FindingSeverity.Violation), (f.Where, f.Severity)));
    }

    [Fact]
    public void Five_residents_at_3_square_metres_each_says_which_rule_and_limit_it_breaks()
    {
        var findings = Check(Facility(FacilityKind.ChildrensHome, Room(15.0m, 5, new(2016, 3, 1))));

        var area = findings.Single(f => f.Rule == "RoomArea");
        var perRoom = findings.Single(f => f.Rule == "ResidentsPerRoom");
        Assert.Equal(("3", "4.95", "Standards.Finding.RoomArea"), (area.Measured, area.Limit, area.MessageKey));
        Assert.Equal(("5", "4"), (perRoom.Measured, perRoom.Limit));
    }

    [Theory]
    // unit capacities, facility kind, with a plan → findings
    [InlineData("6,6,6", FacilityKind.ChildrensHome, false, "SmallGroupCareCount")]      // 3 groups without a plan (max 2)
    [InlineData("6,6,6,6,7", FacilityKind.ChildrensHome, true, "")]                      // 東京育成園 令和3年度末 with its plan (max 6)
    [InlineData("6,6,6,6,6,6,6", FacilityKind.ChildrensHome, true, "SmallGroupCareCount")]
    [InlineData("5,9", FacilityKind.ChildrensHome, false, "SmallGroupCareSize,SmallGroupCareSize")] // children's home 6–8
    [InlineData("4,6", FacilityKind.InfantHome, false, "")]                                          // infant home 4–6
    [InlineData("7", FacilityKind.InfantHome, false, "SmallGroupCareSize")]
    [InlineData("5,7", FacilityKind.Other, false, "")]                                               // others 5–7
    public void Small_group_care_size_and_count_follow_the_facility_kind_and_the_plan(string units, FacilityKind kind, bool withPlan, string expected)
    {
        var events = units.Split(',').Select((c, i) => (IFacilityEvent)new LivingUnitAdded(F, Guid.NewGuid(), $"U{i + 1}", int.Parse(c, System.Globalization.CultureInfo.InvariantCulture), new(2021, 9, 30))).ToArray();
        IReadOnlyList<PlanYear> plan = withPlan ? [new PlanYear(F, 2024, new PlannedFigures(3, 0, 18, 0, 9, 36))] : [];

        var findings = Check(Facility(kind, events), plan: plan);

        Assert.Equal(expected, string.Join(",", findings.Select(f => f.Rule)));
    }

    [Fact]
    public void A_plan_that_keeps_the_main_building_above_45_is_flagged_and_group_homes_above_target_are_advised()
    {
        var plan = new[] { new PlanYear(F, 2024, new PlannedFigures(8, 0, 48, 1, 0, 6)) };
        var facility = Facility(FacilityKind.ChildrensHome,
            new GroupHomeOpened(F, Guid.NewGuid(), GroupHomeKind.RegionalSmallScale, "GH1", 6, new(2021, 9, 30)),
            new GroupHomeOpened(F, Guid.NewGuid(), GroupHomeKind.RegionalSmallScale, "GH2", 4, new(2021, 9, 30)));

        var findings = Check(facility, plan: plan);

        Assert.Equal(("48", "45"), findings.Single(f => f.Rule == "MainCapacityWithPlan") is var m ? (m.Measured, m.Limit) : default);
        var gh = Assert.Single(findings, f => f.Rule == "GroupHomeCapacity");
        Assert.Equal(("GH1", FindingSeverity.Advice, "4–5"), (gh.Where, gh.Severity, gh.Limit));
    }

    [Fact]
    public void Before_the_2011_revision_the_1998_rules_apply_to_every_room_and_unit()
    {
        var facility = Facility(FacilityKind.ChildrensHome,
            Room(15.0m, 5, new(2005, 4, 1)),
            new LivingUnitAdded(F, Guid.NewGuid(), "U1", 8, new(2005, 4, 1)));

        var findings = Check(facility, asOf: new DateOnly(2010, 3, 31));

        // 3.0 m² < 3.3 (1998); 5 ≤ 15 per room; an SGC of 8 was outside the 原則6人 of the time.
        Assert.Equal(["RoomArea:national-1998", "SmallGroupCareSize:national-1998"], findings.Select(f => $"{f.Rule}:{f.RuleVersion}"));
    }

    [Fact]
    public void A_later_version_with_a_changed_value_applies_from_its_date_and_only_to_rooms_it_covers()
    {
        // A hypothetical later revision (data only): 6.0 m² for rooms built from FY2030, GH at most 5, in one jurisdiction.
        var json = """
        { "versions": [
          { "id": "national-2011", "title": "t", "jurisdiction": null, "fiscalYear": 2011, "effectiveFrom": "2011-06-17", "source": "seed 001",
            "roomArea": { "appliesToRoomsBuiltFrom": "2011-06-17", "perResident": 4.95, "infantsOnly": 3.3, "infantHome": 2.47 },
            "groupHomeCapacity": { "targetMin": 4, "targetMax": 5, "max": 6 } },
          { "id": "setagaya-2030", "title": "t", "jurisdiction": "東京都世田谷区", "fiscalYear": 2030, "effectiveFrom": "2030-04-01", "source": "test",
            "roomArea": { "appliesToRoomsBuiltFrom": "2030-04-01", "perResident": 6.0, "infantsOnly": 4.0, "infantHome": 3.0 },
            "groupHomeCapacity": { "targetMin": 4, "targetMax": 4, "max": 5 } }
        ] }
        """;
        var catalog = StandardsCatalog.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        var home = new GroupHomeOpened(F, Guid.NewGuid(), GroupHomeKind.RegionalSmallScale, "GH1", 6, new(2021, 9, 30));
        var oldRoom = Room(20.0m, 4, new(2016, 3, 1));                                          // 5.0 m² each
        var newRoom = Room(20.0m, 4, new(2031, 3, 1)) with { RoomId = Guid.NewGuid(), Name = "新居室" };
        var facility = Facility(FacilityKind.ChildrensHome, home, oldRoom, newRoom);

        var before = Check(facility, catalog, asOf: new DateOnly(2030, 3, 31));
        var after = Check(facility, catalog, asOf: new DateOnly(2031, 3, 31));
        var elsewhere = StandardsCheck.Run(catalog, facility, new DateOnly(2031, 3, 31), "大阪府", []);

        Assert.Equal(["GroupHomeCapacity:national-2011:Advice"], before.Select(f => $"{f.Rule}:{f.RuleVersion}:{f.Severity}"));
        Assert.Equal(["RoomArea:setagaya-2030:Violation:新居室", "GroupHomeCapacity:setagaya-2030:Violation:GH1"],
            after.Select(f => $"{f.Rule}:{f.RuleVersion}:{f.Severity}:{f.Where}"));
        Assert.Equal(["GroupHomeCapacity:national-2011"], elsewhere.Select(f => $"{f.Rule}:{f.RuleVersion}"));
    }

    [Fact]
    public void The_shipped_catalog_holds_the_seed_001_figures()
    {
        var v2011 = Shipped.Versions.Single(v => v.Id == "national-2011");

        Assert.Equal((4.95m, 3.3m, 2.47m), (v2011.RoomArea!.PerResident, v2011.RoomArea.InfantsOnly, v2011.RoomArea.InfantHome));
        Assert.Equal((4, 6), (v2011.ResidentsPerRoom!.General, v2011.ResidentsPerRoom.InfantsOnly));
        Assert.Equal(new SizeRange(6, 8), v2011.SmallGroupCareSize![FacilityKind.ChildrensHome]);
        Assert.Equal(new SmallGroupCareCountRule(2, 6), v2011.SmallGroupCareCount);
        Assert.Equal((45, 35), (v2011.MainCapacityWithPlan![FacilityKind.ChildrensHome], v2011.MainCapacityWithPlan[FacilityKind.InfantHome]));
        Assert.Equal(new DateOnly(2011, 6, 17), v2011.RoomArea.AppliesToRoomsBuiltFrom);
    }
}
