using FluentValidation;
using Hidamari.Portal.Features.Grants.Calculating;
using Hidamari.Portal.Features.Grants.Drafting;
using Hidamari.Portal.Features.Grants.Programmes;
using Hidamari.Portal.Features.Submissions;
using Hidamari.Portal.Infrastructure;

namespace Hidamari.Portal.Features.Grants.Submitting;

/// 変更申請: new cost items for the decided application.
public sealed record RequestChange(IReadOnlyList<GrantItem> Items, string? Note = null);

/// 実績報告: the actual costs after the fiscal year; the receipts stored on the application go with it (and any named here).
public sealed record ReportActuals(IReadOnlyList<GrantItem> Items, IReadOnlyList<GrantAttachment>? Attachments = null, string? Note = null);

public sealed class RequestChangeValidator : AbstractValidator<RequestChange>
{
    public RequestChangeValidator()
    {
        RuleFor(c => c.Items).NotEmpty().WithMessage("Grants.Error.ItemsRequired");
        RuleForEach(c => c.Items).SetValidator(new GrantItemValidator());
        RuleFor(c => c.Items).Must(Drafting.Drafting.DistinctKeys).WithMessage("Grants.Error.DuplicateItem");
        RuleFor(c => c.Note).MaximumLength(2000).WithMessage("Grants.Error.TooLong");
    }
}

public sealed class ReportActualsValidator : AbstractValidator<ReportActuals>
{
    public ReportActualsValidator()
    {
        RuleFor(c => c.Items).NotEmpty().WithMessage("Grants.Error.ItemsRequired");
        RuleForEach(c => c.Items).SetValidator(new GrantItemValidator());
        RuleFor(c => c.Items).Must(Drafting.Drafting.DistinctKeys).WithMessage("Grants.Error.DuplicateItem");
        RuleFor(c => c.Note).MaximumLength(2000).WithMessage("Grants.Error.TooLong");
    }
}

/// One finding of the check against the programme; an error stops the submission, a warning is shown.
public sealed record ProgrammeFinding(string Field, string MessageKey, bool IsError, string? Item = null);

/// <summary>The check of a draft against its programme version: eligible items, caps, deadline.</summary>
public static class ProgrammeCheck
{
    public static IReadOnlyList<ProgrammeFinding> Check(GrantProgramme programme, int homes, IReadOnlyList<GrantItem> items, DateOnly today, bool resubmission)
    {
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(items);
        var findings = new List<ProgrammeFinding>();
        if (items.Count == 0 || items.All(i => i.Yen == 0)) findings.Add(new("items", "Grants.Error.ItemsRequired", true));
        // A returned application may come back after the deadline: it was filed in time.
        if (!resubmission && today > programme.ApplicationDeadline) findings.Add(new("deadline", "Grants.Error.DeadlinePassed", true));
        foreach (var item in items)
        {
            if (programme.ItemFor(item.Kind) is not { } funded) findings.Add(new("items", "Grants.Error.NotEligible", true, item.Key));
            else if (funded.CapPerParticipantYen is not null && item.Yen > 0 && item.Participants is not > 0)
                findings.Add(new("items", "Grants.Error.ParticipantsRequired", true, item.Key));
            else if (funded.CapFor(homes, item.Participants) is { } cap && item.Yen > cap) findings.Add(new("items", "Grants.Warning.AboveCap", false, item.Key));
        }
        return findings;
    }
}

/// <summary>What the corporation may send when: the application from a draft or after 差し戻し, a change request or
/// a report only on a decided grant (one document pending at a time), a report only after the fiscal year, a claim
/// only after 額の確定.</summary>
public static class Submitting
{
    public static Decision<GrantDocumentSent> Apply(GrantApplication a, IReadOnlyList<ProgrammeFinding> findings, GrantFigures figures,
        Guid submissionId, string by, DateTimeOffset at)
    {
        if (!a.IsEditable) return Refuse("application", "Grants.Error.AlreadySubmitted");
        if (findings.FirstOrDefault(f => f.IsError) is { } error) return Refuse(error.Field, error.MessageKey);
        var document = new GrantDocument(a.Id, DocumentKind.GrantApplication, a.Title, a.Programme, a.GroupHome, a.Homes, a.Items, a.Attachments, a.Note, figures);
        return Sent(a, submissionId, DocumentKind.GrantApplication, a.ApplicationVersion + 1, document, by, at);
    }

    public static Decision<GrantDocumentSent> Change(GrantApplication a, RequestChange command, GrantFigures figures, Guid submissionId, int version, string by, DateTimeOffset at)
    {
        if (a.Status != GrantStatus.Decided) return Refuse("application", "Grants.Error.NotDecided");
        if (command.Items.Any(i => a.Programme.ItemFor(i.Kind) is null)) return Refuse("items", "Grants.Error.NotEligible");
        var document = new GrantDocument(a.Id, DocumentKind.GrantChangeRequest, a.Title, a.Programme, a.GroupHome, a.Homes, command.Items, a.Attachments,
            command.Note?.Trim() ?? "", figures);
        return Sent(a, submissionId, DocumentKind.GrantChangeRequest, version, document, by, at);
    }

    public static Decision<GrantDocumentSent> Report(GrantApplication a, ReportActuals command, GrantFigures figures, Guid submissionId, int version,
        DateOnly today, string by, DateTimeOffset at)
    {
        if (a.Status != GrantStatus.Decided) return Refuse("application", "Grants.Error.NotDecided");
        if (today <= JapaneseDates.FiscalYearEnd(a.Programme.FiscalYear)) return Refuse("items", "Grants.Error.YearNotEnded");
        var document = new GrantDocument(a.Id, DocumentKind.GrantReport, a.Title, a.Programme, a.GroupHome, a.Homes, command.Items,
            [.. a.Receipts, .. command.Attachments ?? []], command.Note?.Trim() ?? "", figures);
        return Sent(a, submissionId, DocumentKind.GrantReport, version, document, by, at);
    }

    public static Decision<GrantDocumentSent> Claim(GrantApplication a, Guid submissionId, int version, string by, DateTimeOffset at)
    {
        if (a.Status != GrantStatus.Fixed || a.Fixed is not { } fixedFigures) return Refuse("application", "Grants.Error.NotFixed");
        if (fixedFigures.GrantYen <= a.PaidYen) return Refuse("application", "Grants.Error.NothingToClaim");
        var document = new GrantDocument(a.Id, DocumentKind.GrantClaim, a.Title, a.Programme, a.GroupHome, a.Homes, a.Report?.Items ?? a.Items, [],
            "", fixedFigures);
        return Sent(a, submissionId, DocumentKind.GrantClaim, version, document, by, at);
    }

    private static Decision<GrantDocumentSent> Sent(GrantApplication a, Guid submissionId, DocumentKind kind, int version, GrantDocument document, string by, DateTimeOffset at) =>
        Decision<GrantDocumentSent>.Accept(new GrantDocumentSent(a.Id, submissionId, kind, version, document, by, at));

    private static Decision<GrantDocumentSent> Refuse(string field, string key) => Decision<GrantDocumentSent>.Refuse(field, key);
}
