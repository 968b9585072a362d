using FluentValidation;
using Hidamari.Portal.Features.Subsidies.Engine;
using Hidamari.Portal.Infrastructure;

namespace Hidamari.Portal.Features.Grants.Programmes;

/// <summary>A municipality publishes a programme of its own (or a new version of one: same <paramref name="Key"/>),
/// optionally starting from a national template whose items it copies.</summary>
public sealed record PublishProgramme(
    string Key, int FiscalYear, string Name, string Basis, IReadOnlyList<ProgrammeItem>? Items, long BudgetYen,
    DateOnly ApplicationDeadline, DateOnly ReportDeadline, Guid? TemplateId = null);

public sealed class PublishProgrammeValidator : AbstractValidator<PublishProgramme>
{
    public PublishProgrammeValidator()
    {
        RuleFor(c => c.Key).NotEmpty().MaximumLength(80).Matches("^[a-z0-9][a-z0-9-]*$").WithMessage("Grants.Error.ProgrammeKey");
        RuleFor(c => c.FiscalYear).InclusiveBetween(2000, 2100).WithMessage("Grants.Error.FiscalYear");
        RuleFor(c => c.Name).NotEmpty().MaximumLength(200).WithMessage("Grants.Error.ProgrammeName");
        RuleFor(c => c.Basis).MaximumLength(500).WithMessage("Grants.Error.TooLong");
        RuleFor(c => c.BudgetYen).InclusiveBetween(0, 1_000_000_000_000).WithMessage("Grants.Error.Yen");
        RuleFor(c => c.ApplicationDeadline).Must(Dates.IsPlausible).WithMessage("Grants.Error.Date");
        RuleFor(c => c.ReportDeadline).Must(Dates.IsPlausible).GreaterThanOrEqualTo(c => c.ApplicationDeadline).WithMessage("Grants.Error.Date");
        RuleFor(c => c).Must(c => c.TemplateId is not null || c.Items is { Count: > 0 }).WithMessage("Grants.Error.ItemsRequired").WithName("items");
        RuleForEach(c => c.Items).ChildRules(i =>
        {
            i.RuleFor(x => x.Kind).IsInEnum().WithMessage("Grants.Error.ItemKind");
            i.RuleFor(x => x.Label).NotEmpty().MaximumLength(200).WithMessage("Grants.Error.ProgrammeName");
            i.RuleFor(x => x.EngineProgramme).Must(p => Subsidies.Engine.Programmes.All.Contains(p)).WithMessage("Grants.Error.EngineProgramme");
            i.RuleFor(x => x.CapPerHomeYen).InclusiveBetween(0, 10_000_000_000).When(x => x.CapPerHomeYen is not null).WithMessage("Grants.Error.Yen");
            i.RuleFor(x => x.CapPerParticipantYen).InclusiveBetween(0, 100_000_000).When(x => x.CapPerParticipantYen is not null).WithMessage("Grants.Error.Yen");
        });
        RuleFor(c => c.Items).Must(items => items is null || items.Select(i => i.Kind).Distinct().Count() == items.Count).WithMessage("Grants.Error.DuplicateItem");
    }
}

public static class PublishingProgramme
{
    /// <param name="template">The template named by the command, if any (its items are copied when none are given).</param>
    /// <param name="previous">The latest version of the same key in this jurisdiction, if any.</param>
    public static Decision<GrantProgramme> Decide(string jurisdiction, PublishProgramme command, GrantProgramme? template, GrantProgramme? previous,
        string by, DateTimeOffset at)
    {
        if (jurisdiction == RateTable.National) return Decision<GrantProgramme>.Refuse("key", "Grants.Error.ProgrammeKey");
        if (command.TemplateId is not null && template is not { IsTemplate: true }) return Decision<GrantProgramme>.Refuse("templateId", "Grants.Error.TemplateNotFound");
        var items = command.Items is { Count: > 0 } given ? given : template!.Items;
        var version = (previous?.Version ?? 0) + 1;
        return Decision<GrantProgramme>.Accept(new GrantProgramme(IdOf(jurisdiction, command.Key, version), command.Key, version, jurisdiction,
            command.FiscalYear, command.Name.Trim(), (command.Basis ?? "").Trim(), items, command.BudgetYen, command.ApplicationDeadline, command.ReportDeadline,
            by, at, command.TemplateId));
    }

    /// The id is a hash of jurisdiction, key and version, so two publications racing for one version collide in the store.
    public static Guid IdOf(string jurisdiction, string key, int version)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{jurisdiction}\n{key}\n{version}"));
        return new Guid(hash.AsSpan(0, 16));
    }
}
