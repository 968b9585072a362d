using Marten.Events.Aggregation;

namespace Hidamari.Portal.Features.Submissions.Progress;

/// <summary>One fiscal year of the municipality's 社会的養育推進計画 (年次別目標): total capacity and GH capacity.</summary>
public sealed record TargetYear(int FiscalYear, int TotalCapacity, int GroupHomeCapacity)
{
    public decimal GroupHomeShare => Facilities.CapacityTotals.Share(GroupHomeCapacity, TotalCapacity);
}

/// The municipality set (or corrected: the latest wins) its target for one fiscal year.
public sealed record TargetSet(int FiscalYear, int TotalCapacity, int GroupHomeCapacity, string By, DateTimeOffset At);

public sealed record SetTarget(int FiscalYear, int TotalCapacity, int GroupHomeCapacity);

/// The municipality's annual targets; one stream per municipality (its own database).
public sealed record PlanTargets(Guid Id, IReadOnlyList<TargetYear> Years)
{
    public static readonly Guid StreamId = new("7a46e700-0000-4000-8000-0000000050c1");

    public static PlanTargets Empty => new(StreamId, []);

    public PlanTargets Apply(TargetSet e) => this with
    {
        Years = [.. Years.Where(y => y.FiscalYear != e.FiscalYear).Append(new TargetYear(e.FiscalYear, e.TotalCapacity, e.GroupHomeCapacity)).OrderBy(y => y.FiscalYear)],
    };

    public static Infrastructure.Decision<TargetSet> Decide(SetTarget command, string by, DateTimeOffset at)
    {
        if (command.FiscalYear is < 2000 or > 2100) return Infrastructure.Decision<TargetSet>.Refuse("fiscalYear", "Submissions.Error.FiscalYear");
        if (command.TotalCapacity <= 0) return Infrastructure.Decision<TargetSet>.Refuse("totalCapacity", "Submissions.Error.TargetTotal");
        if (command.GroupHomeCapacity < 0 || command.GroupHomeCapacity > command.TotalCapacity)
            return Infrastructure.Decision<TargetSet>.Refuse("groupHomeCapacity", "Submissions.Error.TargetGroupHome");
        return Infrastructure.Decision<TargetSet>.Accept(new TargetSet(command.FiscalYear, command.TotalCapacity, command.GroupHomeCapacity, by, at));
    }
}

public sealed class PlanTargetsProjection : SingleStreamProjection<PlanTargets, Guid>
{
    public static PlanTargets Create(TargetSet e) => PlanTargets.Empty.Apply(e);

    public static PlanTargets Apply(TargetSet e, PlanTargets current) => current.Apply(e);
}
