using FluentValidation;
using Hidamari.Portal.Infrastructure;

namespace Hidamari.Portal.Features.Grants.Reviewing;

public sealed record AssignGrantReviewer(string? Reviewer = null);

public sealed record CommentGrant(string? Item, string Text);

public sealed record ReturnGrant(string Reasons);

public sealed class CommentGrantValidator : AbstractValidator<CommentGrant>
{
    public CommentGrantValidator()
    {
        RuleFor(c => c.Text).NotEmpty().MaximumLength(2000).WithMessage("Grants.Error.TextRequired");
        RuleFor(c => c.Item).MaximumLength(60).WithMessage("Grants.Error.TooLong");
    }
}

public sealed class ReturnGrantValidator : AbstractValidator<ReturnGrant>
{
    public ReturnGrantValidator() => RuleFor(c => c.Reasons).NotEmpty().MaximumLength(2000).WithMessage("Grants.Error.ReasonsRequired");
}

/// <summary>審査: only a document awaiting the municipality (application, change request, report) is reviewed; 差し戻し
/// sends it back with reasons. Taking up a document makes someone its reviewer, which every decision requires.</summary>
public static class Reviewing
{
    public static Decision<object> Assign(GrantCase c, AssignGrantReviewer command, string by, DateTimeOffset at)
    {
        if (c.Pending is null or Submissions.DocumentKind.GrantClaim) return Decision<object>.Refuse("application", "Grants.Error.NothingToReview");
        var reviewer = string.IsNullOrWhiteSpace(command.Reviewer) ? by : command.Reviewer.Trim();
        return Decision<object>.Accept(new GrantReviewerAssigned(c.Id, reviewer, by, at));
    }

    public static Decision<object> Comment(GrantCase c, CommentGrant command, string by, DateTimeOffset at)
    {
        if (c.Status == GrantStatus.Cancelled) return Decision<object>.Refuse("application", "Grants.Error.Cancelled");
        var item = command.Item?.Trim() ?? "";
        if (item.Length > 0 && c.Application.Items.All(i => i.Key != item)) return Decision<object>.Refuse("item", "Grants.Error.UnknownItem");
        return Decision<object>.Accept(new GrantCommented(c.Id, item, command.Text.Trim(), by, at));
    }

    public static Decision<object> Return(GrantCase c, ReturnGrant command, string by, DateTimeOffset at)
    {
        if (c.Pending is not { } pending || pending == Submissions.DocumentKind.GrantClaim)
            return Decision<object>.Refuse("application", "Grants.Error.NothingToReview");
        return Decision<object>.Accept(new GrantReturned(c.Id, pending, command.Reasons.Trim(), by, at));
    }
}
