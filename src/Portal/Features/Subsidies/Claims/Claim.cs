using System.Security.Cryptography;
using System.Text;
using Hidamari.Portal.Features.Subsidies.Engine;
using Hidamari.Portal.Features.Subsidies.Estimating;
using Marten.Events.Aggregation;

namespace Hidamari.Portal.Features.Subsidies.Claims;

/// <summary>A monthly 措置費 claim (請求) was prepared from recorded data: the engine's statement, frozen as it was.</summary>
/// <param name="SeriesId">The facility-month the claim is for; every version of it shares this id.</param>
/// <param name="PreviousClaimId">The locked version this one corrects (null for version 1).</param>
/// <param name="Reason">Why a correction was made (empty for version 1).</param>
public sealed record ClaimPrepared(
    Guid ClaimId, Guid SeriesId, int VersionNumber, Guid? PreviousClaimId, Guid FacilityId, string FacilityName, DateOnly Month,
    FacilityMonthState Input, EstimateFigures Figures, PlacementFeeStatement Statement, string Reason, string PreparedBy, DateTimeOffset PreparedAt);

/// Finance changed one line's amount, with why. The engine's figure stays beside it.
public sealed record ClaimLineAdjusted(Guid ClaimId, string LineCode, long FromYen, long ToYen, string Reason, string By, DateTimeOffset At);

/// A draft was recalculated from the record and rates of the moment; its adjustments stay on the lines that remain.
public sealed record ClaimRecalculated(Guid ClaimId, FacilityMonthState Input, EstimateFigures Figures, PlacementFeeStatement Statement, string By, DateTimeOffset At);

/// The claim was locked with its final total; from now on it never changes.
public sealed record ClaimLocked(Guid ClaimId, long TotalYen, string By, DateTimeOffset At);

public sealed record ClaimAdjustment(string LineCode, long FromYen, long ToYen, string Reason, string By, DateTimeOffset At);

/// A line as claimed: the engine's amount, and the adjusted one where finance changed it.
public sealed record ClaimLine(StatementLine Line, long ClaimedYen, string? AdjustmentReason);

/// <summary>One version of a claim (read model of its stream, also the state decisions read).</summary>
public sealed record Claim(
    Guid Id, Guid SeriesId, int VersionNumber, Guid? PreviousClaimId, Guid FacilityId, string FacilityName, DateOnly Month,
    FacilityMonthState Input, EstimateFigures Figures, PlacementFeeStatement Statement, string Reason, string PreparedBy, DateTimeOffset PreparedAt,
    IReadOnlyList<ClaimAdjustment> Adjustments, bool Locked, string? LockedBy, DateTimeOffset? LockedAt)
{
    /// Marten's stream version (events in this claim's stream), for optimistic concurrency from the UI and API.
    public long Version { get; set; }

    public IReadOnlyList<ClaimLine> Lines => Statement.Lines.Select(l =>
    {
        var last = Adjustments.LastOrDefault(a => a.LineCode == l.Code);
        return new ClaimLine(l, last?.ToYen ?? l.Amount, last?.Reason);
    }).ToList();

    public long TotalYen => Lines.Sum(l => l.ClaimedYen);

    public IReadOnlyDictionary<string, long> AdjustedAmounts =>
        Adjustments.GroupBy(a => a.LineCode).ToDictionary(g => g.Key, g => g.Last().ToYen);
}

public sealed class ClaimProjection : SingleStreamProjection<Claim, Guid>
{
    public static Claim Create(ClaimPrepared e) =>
        new(e.ClaimId, e.SeriesId, e.VersionNumber, e.PreviousClaimId, e.FacilityId, e.FacilityName, e.Month, e.Input, e.Figures, e.Statement, e.Reason,
            e.PreparedBy, e.PreparedAt, [], false, null, null);

    public static Claim Apply(ClaimLineAdjusted e, Claim current) =>
        current with { Adjustments = [.. current.Adjustments, new ClaimAdjustment(e.LineCode, e.FromYen, e.ToYen, e.Reason, e.By, e.At)] };

    public static Claim Apply(ClaimRecalculated e, Claim current) =>
        current with { Input = e.Input, Figures = e.Figures, Statement = e.Statement, FacilityName = e.Input.FacilityName };

    public static Claim Apply(ClaimLocked e, Claim current) => current with { Locked = true, LockedBy = e.By, LockedAt = e.At };
}

/// <summary>Stream ids that follow from what a claim is, so two people preparing or correcting the same claim at
/// once collide on the id instead of creating two version 2s.</summary>
public static class ClaimIds
{
    public static Guid Series(Guid facilityId, DateOnly month) => Derive($"series:{facilityId:N}:{month:yyyy-MM}");

    public static Guid Version(Guid seriesId, int version) => Derive($"claim:{seriesId:N}:{version}");

    private static Guid Derive(string text)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16));
    }
}

/// One line's difference between two versions of a claim.
public sealed record ClaimLineDifference(string Code, string Label, long? PreviousYen, long? CurrentYen)
{
    public long DifferenceYen => (CurrentYen ?? 0) - (PreviousYen ?? 0);
}

public sealed record ClaimDifference(int PreviousVersion, int CurrentVersion, IReadOnlyList<ClaimLineDifference> Lines, long PreviousTotalYen, long CurrentTotalYen)
{
    public long DifferenceYen => CurrentTotalYen - PreviousTotalYen;

    /// Every line of either version, with what it claimed before and now (lines only one version has show null on the other side).
    public static ClaimDifference Between(Claim previous, Claim current)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        var before = previous.Lines.ToDictionary(l => l.Line.Code);
        var after = current.Lines.ToDictionary(l => l.Line.Code);
        var codes = current.Lines.Select(l => l.Line.Code).Concat(previous.Lines.Select(l => l.Line.Code)).Distinct();
        var lines = codes.Select(code => new ClaimLineDifference(code,
            (after.GetValueOrDefault(code) ?? before[code]).Line.Label,
            before.GetValueOrDefault(code)?.ClaimedYen, after.GetValueOrDefault(code)?.ClaimedYen)).ToList();
        return new ClaimDifference(previous.VersionNumber, current.VersionNumber, lines, previous.TotalYen, current.TotalYen);
    }
}
