using FluentValidation;
using Hidamari.Portal.Features.Subsidies.Engine;
using Hidamari.Portal.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Subsidies.RateTables.Publishing;

/// <summary>Publish a new version (figures of one notice). Publishing is the only way figures change.</summary>
/// <param name="Supersedes">Set when this version corrects an earlier one for the same period.</param>
/// <param name="Reason">Why: the notice, the correction, the import.</param>
public sealed record PublishRateTableVersion(
    string Jurisdiction,
    int FiscalYear,
    DateOnly EffectiveFrom,
    string Notice,
    RoundingRule Rounding,
    IReadOnlyList<RateEntry> Entries,
    string Reason,
    Guid? Supersedes = null);

public sealed class PublishRateTableVersionValidator : AbstractValidator<PublishRateTableVersion>
{
    public PublishRateTableVersionValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(c => c.Jurisdiction).NotEmpty().WithMessage(_ => text["Subsidies.Validation.JurisdictionRequired"])
            .MaximumLength(100).WithMessage(_ => text["Validation.NameTooLong", 100]);
        RuleFor(c => c.FiscalYear).InclusiveBetween(1990, 2100).WithMessage(_ => text["Subsidies.Validation.FiscalYear"]);
        RuleFor(c => c.EffectiveFrom).Must(Dates.IsPlausible).WithMessage(_ => text["Validation.DatePlausible"]);
        RuleFor(c => c.Notice).NotEmpty().WithMessage(_ => text["Subsidies.Validation.NoticeRequired"])
            .MaximumLength(500).WithMessage(_ => text["Validation.NameTooLong", 500]);
        RuleFor(c => c.Reason).NotEmpty().WithMessage(_ => text["Subsidies.Validation.ReasonRequired"])
            .MaximumLength(1000).WithMessage(_ => text["Validation.NameTooLong", 1000]);
        RuleFor(c => c.Rounding).IsInEnum().WithMessage(_ => text["Subsidies.Validation.Rounding"]);
        RuleFor(c => c.Entries).NotEmpty().WithMessage(_ => text["Subsidies.Validation.NoRows"]);
        RuleForEach(c => c.Entries).Custom((entry, context) =>
        {
            if (RateEntryRules.Problem(entry) is { } key)
                context.AddFailure(context.PropertyPath, text[key, entry.Item, entry.Key, entry.Label]);
        });
    }
}

/// What makes a rate-table row usable; the same check guards JSON, CSV and Excel input.
public static class RateEntryRules
{
    /// The message key of the first problem, or null when the row is sound.
    public static string? Problem(RateEntry entry)
    {
        if (entry is null) return "Subsidies.Validation.RowItem";
        if (!RateItems.All.Contains(entry.Item)) return "Subsidies.Validation.RowItem";
        if (string.IsNullOrWhiteSpace(entry.Label)) return "Subsidies.Validation.RowLabel";
        var values = (entry.Yen is null ? 0 : 1) + (entry.Percent is null ? 0 : 1) + (entry.Share is null ? 0 : 1);
        if (values != 1) return "Subsidies.Validation.RowValue";
        if (entry.Yen < 0 || entry.Percent is < 0 or > 100) return "Subsidies.Validation.RowValue";
        if (entry.CapacityFrom is < 0 || entry.CapacityTo is < 0 || entry.CapacityFrom > entry.CapacityTo) return "Subsidies.Validation.RowBand";
        if (entry.FacilityKind.Length > 0 && !Enum.TryParse<SubsidyFacilityKind>(entry.FacilityKind, out _)) return "Subsidies.Validation.RowKind";
        var needs = entry.Item switch
        {
            RateItems.PrivateImprovement => entry.Percent is not null && entry.Key.Length > 0,
            RateItems.CostShare => entry.Share is not null && entry.Party is not null && entry.Key.Length > 0,
            RateItems.StaffAddOn => entry.Yen is not null && PlacementFee.ParsePosts(entry.Key).Count > 0,
            _ => entry.Yen is not null,
        };
        return needs ? null : "Subsidies.Validation.RowValue";
    }
}

public static class PublishingRateTableVersion
{
    /// The decision: a correction must name a version still in use; the new version takes the next number.
    public static Decision<RateTableVersionPublished> Decide(
        Guid id, int nextNumber, RateTableVersion? superseded, PublishRateTableVersion command, string user, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Supersedes is not null && superseded is null)
            return Decision<RateTableVersionPublished>.Refuse(nameof(command.Supersedes), "Subsidies.Validation.SupersedesUnknown");
        if (superseded is { InUse: false })
            return Decision<RateTableVersionPublished>.Refuse(nameof(command.Supersedes), "Subsidies.Validation.SupersedesSuperseded");
        return Decision<RateTableVersionPublished>.Accept(new RateTableVersionPublished(
            id, nextNumber, command.Jurisdiction.Trim(), command.FiscalYear, command.EffectiveFrom, command.Notice.Trim(), command.Rounding,
            command.Entries, command.Supersedes, command.Reason.Trim(), user, now));
    }
}
