using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Facilities.AddingLivingUnit;
using Hidamari.Portal.Features.Facilities.ChangingCapacity;
using Hidamari.Portal.Features.Facilities.Closing;

namespace Hidamari.Tests.Features.Facilities;

/// Given a facility's events, when a change is asked for, then the event recorded — or the refusal.
[Trait("Category", "Facilities")]
public sealed class ChangingCapacityDecisionTests
{
    private static readonly Guid F = Guid.NewGuid();
    private static readonly Guid Unit = Guid.NewGuid();
    private static readonly Guid Home = Guid.NewGuid();
    private static readonly DateOnly Start = new(2021, 9, 30);

    private static Facility Given(params IFacilityEvent[] more) => Facility.From(
    [
        new FacilityRegistered(F, FacilityKind.ChildrensHome, "福音寮", "x", 21, Start),
        new LivingUnitAdded(F, Unit, "U1", 7, Start),
        new GroupHomeOpened(F, Home, GroupHomeKind.RegionalSmallScale, "GH1", 6, Start),
        .. more,
    ])!;

    [Fact]
    public void Lowering_a_unit_records_from_and_to()
    {
        var decision = ChangingCapacity.Decide(Given(), new ChangeLivingUnitCapacity(Unit, 6, new(2023, 4, 1), " 小規模化 "));

        Assert.Equal(new LivingUnitCapacityChanged(F, Unit, 7, 6, new(2023, 4, 1), "小規模化"), decision.Event);
    }

    [Fact]
    public void Lowering_a_group_home_twice_starts_from_the_last_capacity()
    {
        var facility = Given(new GroupHomeCapacityChanged(F, Home, 6, 5, new(2022, 4, 1)));

        var decision = ChangingCapacity.Decide(facility, new ChangeGroupHomeCapacity(Home, 4, new(2023, 4, 1)));

        Assert.Equal(new GroupHomeCapacityChanged(F, Home, 5, 4, new(2023, 4, 1)), decision.Event);
    }

    public static TheoryData<string, object, string, string> Refusals() => new()
    {
        { "unknown unit", new ChangeLivingUnitCapacity(Guid.NewGuid(), 6, new(2023, 4, 1)), "UnitId", "Facilities.Validation.UnitUnknown" },
        { "unknown home", new ChangeGroupHomeCapacity(Guid.NewGuid(), 4, new(2023, 4, 1)), "GroupHomeId", "Facilities.Validation.GroupHomeUnknown" },
        { "same capacity", new ChangeLivingUnitCapacity(Unit, 7, new(2023, 4, 1)), "Capacity", "Facilities.Validation.CapacityUnchanged" },
        { "before opening", new ChangeGroupHomeCapacity(Home, 4, new(2021, 9, 1)), "EffectiveOn", "Facilities.Validation.BeforeOpened" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Changes_that_make_no_sense_are_refused_with_the_field_and_message(string because, object command, string field, string key)
    {
        var decision = command switch
        {
            ChangeLivingUnitCapacity c => ChangingCapacity.Decide(Given(), c),
            ChangeGroupHomeCapacity c => ChangingCapacity.Decide(Given(), c),
            _ => throw new ArgumentException(because),
        };

        Assert.False(decision.IsAccepted, because);
        Assert.Equal((field, key), (decision.Field, decision.MessageKey));
    }

    [Fact]
    public void A_closed_group_home_can_be_neither_changed_nor_closed_again()
    {
        var facility = Given();
        var closed = facility.Apply((GroupHomeClosed)Closing.Decide(facility, new CloseGroupHome(Home, new(2022, 1, 1))).Event!);

        var change = ChangingCapacity.Decide(closed, new ChangeGroupHomeCapacity(Home, 4, new(2023, 4, 1)));
        var again = Closing.Decide(closed, new CloseGroupHome(Home, new(2023, 1, 1)));

        Assert.Equal(("GroupHomeId", "Facilities.Validation.PlaceClosed"), (change.Field, change.MessageKey));
        Assert.Equal(("GroupHomeId", "Facilities.Validation.PlaceClosed"), (again.Field, again.MessageKey));
    }

    [Fact]
    public void Closing_a_unit_records_what_its_space_becomes_and_a_unit_name_is_unique_among_open_units()
    {
        var facility = Given();

        var closed = Closing.Decide(facility, new CloseLivingUnit(Unit, new(2024, 10, 1), MainSpaceFunction.FosterSupport));
        var duplicate = AddingLivingUnit.Decide(facility, Guid.NewGuid(), new AddLivingUnit("U1", 6, new(2024, 10, 1)));
        var reused = AddingLivingUnit.Decide(facility.Apply((LivingUnitClosed)closed.Event!), Guid.NewGuid(), new AddLivingUnit("U1", 6, new(2024, 10, 1)));
        var early = AddingLivingUnit.Decide(facility, Guid.NewGuid(), new AddLivingUnit("U2", 6, new(2021, 1, 1)));

        Assert.Equal(new LivingUnitClosed(F, Unit, new(2024, 10, 1), MainSpaceFunction.FosterSupport), closed.Event);
        Assert.Equal("Facilities.Validation.UnitNameTaken", duplicate.MessageKey);
        Assert.True(reused.IsAccepted);
        Assert.Equal("Facilities.Validation.BeforeFacility", early.MessageKey);
    }
}
