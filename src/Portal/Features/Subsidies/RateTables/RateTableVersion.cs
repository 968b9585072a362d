using Hidamari.Portal.Features.Subsidies.Engine;
using Marten.Events.Aggregation;

namespace Hidamari.Portal.Features.Subsidies.RateTables;

/// <summary>A rate-table version was published by <see cref="PublishedBy"/> for <see cref="Reason"/>. Its figures never change afterwards.</summary>
/// <param name="Supersedes">The version this one corrects (same period), which stops being used.</param>
public sealed record RateTableVersionPublished(
    Guid VersionId,
    int Number,
    string Jurisdiction,
    int FiscalYear,
    DateOnly EffectiveFrom,
    string Notice,
    RoundingRule Rounding,
    IReadOnlyList<RateEntry> Entries,
    Guid? Supersedes,
    string Reason,
    string PublishedBy,
    DateTimeOffset PublishedAt);

/// A version was replaced by a correction (<see cref="SupersededBy"/>); it stays readable and cited by old statements.
public sealed record RateTableVersionSuperseded(Guid VersionId, Guid SupersededBy, int SupersededByNumber, string Reason, string By, DateTimeOffset At);

/// One change in a version's life, as the operator screen lists it: what, who, why, when.
public sealed record RateTableChange(string What, string By, string Reason, DateTimeOffset At, int? OtherNumber);

/// <summary>A published version with its figures and its history (read model of the version's stream).</summary>
public sealed record RateTableVersion(
    Guid Id,
    int Number,
    string Jurisdiction,
    int FiscalYear,
    DateOnly EffectiveFrom,
    string Notice,
    RoundingRule Rounding,
    IReadOnlyList<RateEntry> Entries,
    Guid? Supersedes,
    Guid? SupersededBy,
    int? SupersededByNumber,
    IReadOnlyList<RateTableChange> History)
{
    public bool InUse => SupersededBy is null;

    public RateTable ToTable() => new(Id, Number, Jurisdiction, FiscalYear, EffectiveFrom, Notice, Rounding, Entries);
}

/// A version without its rows, for lists.
public sealed record RateTableVersionSummary(
    Guid Id, int Number, string Jurisdiction, int FiscalYear, DateOnly EffectiveFrom, string Notice, RoundingRule Rounding,
    int RowCount, bool InUse, int? SupersededByNumber, string PublishedBy, string Reason, DateTimeOffset PublishedAt);

public sealed class RateTableVersionProjection : SingleStreamProjection<RateTableVersion, Guid>
{
    public static RateTableVersion Create(RateTableVersionPublished e) =>
        new(e.VersionId, e.Number, e.Jurisdiction, e.FiscalYear, e.EffectiveFrom, e.Notice, e.Rounding, e.Entries, e.Supersedes, null, null,
            [new RateTableChange("Published", e.PublishedBy, e.Reason, e.PublishedAt, null)]);

    public static RateTableVersion Apply(RateTableVersionSuperseded e, RateTableVersion current) =>
        current with
        {
            SupersededBy = e.SupersededBy,
            SupersededByNumber = e.SupersededByNumber,
            History = [.. current.History, new RateTableChange("Superseded", e.By, e.Reason, e.At, e.SupersededByNumber)],
        };
}
