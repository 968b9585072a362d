using FluentValidation;
using Hidamari.Portal.Features.Grants.Calculating;
using Hidamari.Portal.Features.Grants.Programmes;
using Hidamari.Portal.Infrastructure;

namespace Hidamari.Portal.Features.Grants.Drafting;

/// <summary>Start an application under a programme. With <paramref name="FromRecords"/> the items are drafted
/// from the corporation's recorded lease costs of the programme's fiscal year (礼金・仲介手数料 → 初期経費).</summary>
public sealed record StartDraft(Guid ProgrammeId, string Title, string GroupHome, int Homes, IReadOnlyList<GrantItem>? Items = null, bool FromRecords = false);

/// Autosave: the whole draft after one change. <paramref name="ExpectedVersion"/> refuses a save over someone else's.
public sealed record EditDraft(
    string Title, string GroupHome, int Homes, IReadOnlyList<GrantItem> Items, IReadOnlyList<GrantAttachment>? Attachments = null,
    string? Note = null, long? ExpectedVersion = null);

public sealed class GrantItemValidator : AbstractValidator<GrantItem>
{
    public GrantItemValidator()
    {
        RuleFor(i => i.Key).NotEmpty().MaximumLength(60).WithMessage("Grants.Error.ItemKey");
        RuleFor(i => i.Kind).IsInEnum().WithMessage("Grants.Error.ItemKind");
        RuleFor(i => i.Description).MaximumLength(200).WithMessage("Grants.Error.TooLong");
        RuleFor(i => i.Yen).InclusiveBetween(0, 10_000_000_000).WithMessage("Grants.Error.Yen");
        RuleFor(i => i.Source).MaximumLength(200).WithMessage("Grants.Error.TooLong");
        RuleFor(i => i.Participants).InclusiveBetween(0, 10_000).When(i => i.Participants is not null).WithMessage("Grants.Error.Participants");
    }
}

public sealed class StartDraftValidator : AbstractValidator<StartDraft>
{
    public StartDraftValidator()
    {
        RuleFor(c => c.ProgrammeId).NotEmpty().WithMessage("Grants.Error.ProgrammeRequired");
        RuleFor(c => c.Title).NotEmpty().MaximumLength(200).WithMessage("Grants.Error.TitleRequired");
        RuleFor(c => c.GroupHome).MaximumLength(200).WithMessage("Grants.Error.TooLong");
        RuleFor(c => c.Homes).InclusiveBetween(1, 50).WithMessage("Grants.Error.Homes");
        RuleForEach(c => c.Items).SetValidator(new GrantItemValidator());
        RuleFor(c => c.Items).Must(Drafting.DistinctKeys).WithMessage("Grants.Error.DuplicateItem");
    }
}

public sealed class EditDraftValidator : AbstractValidator<EditDraft>
{
    public EditDraftValidator()
    {
        RuleFor(c => c.Title).NotEmpty().MaximumLength(200).WithMessage("Grants.Error.TitleRequired");
        RuleFor(c => c.GroupHome).MaximumLength(200).WithMessage("Grants.Error.TooLong");
        RuleFor(c => c.Homes).InclusiveBetween(1, 50).WithMessage("Grants.Error.Homes");
        RuleFor(c => c.Items).NotNull().WithMessage("Grants.Error.ItemsRequired");
        RuleForEach(c => c.Items).SetValidator(new GrantItemValidator());
        RuleFor(c => c.Items).Must(Drafting.DistinctKeys).WithMessage("Grants.Error.DuplicateItem");
        RuleFor(c => c.Note).MaximumLength(2000).WithMessage("Grants.Error.TooLong");
        RuleForEach(c => c.Attachments).ChildRules(a =>
        {
            a.RuleFor(x => x.Name).NotEmpty().MaximumLength(200).WithMessage("Grants.Error.AttachmentName");
            a.RuleFor(x => x.Description).MaximumLength(500).WithMessage("Grants.Error.TooLong");
        });
    }
}

public static class Drafting
{
    public static bool DistinctKeys(IReadOnlyList<GrantItem>? items) =>
        items is null || items.Select(i => i.Key).Distinct(StringComparer.Ordinal).Count() == items.Count;

    public static Decision<GrantDraftStarted> Start(
        Guid id, GrantProgramme programme, string corporationJurisdiction, string municipality, string municipalityName,
        StartDraft command, IReadOnlyList<GrantItem> items, string by, DateTimeOffset at)
    {
        if (programme.IsTemplate || programme.Jurisdiction != corporationJurisdiction)
            return Decision<GrantDraftStarted>.Refuse("programmeId", "Grants.Error.ProgrammeNotOfJurisdiction");
        return Decision<GrantDraftStarted>.Accept(new GrantDraftStarted(id, programme, municipality, municipalityName,
            command.Title.Trim(), (command.GroupHome ?? "").Trim(), command.Homes, items, by, at));
    }

    /// A draft (or a returned application) can change; once sent, only the municipality's steps move it.
    public static Decision<GrantDraftEdited> Edit(GrantApplication application, EditDraft command, string by, DateTimeOffset at)
    {
        if (!application.IsEditable) return Decision<GrantDraftEdited>.Refuse("application", "Grants.Error.NotEditable");
        return Decision<GrantDraftEdited>.Accept(new GrantDraftEdited(application.Id, command.Title.Trim(), (command.GroupHome ?? "").Trim(), command.Homes,
            command.Items, Attaching.AttachingGrantFile.KeepFiles(application.Attachments, command.Attachments), command.Note?.Trim() ?? application.Note, by, at));
    }
}
