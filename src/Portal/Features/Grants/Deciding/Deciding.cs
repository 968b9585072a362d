using FluentValidation;
using Hidamari.Portal.Features.Grants.Calculating;
using Hidamari.Portal.Features.Submissions;
using Hidamari.Portal.Infrastructure;

namespace Hidamari.Portal.Features.Grants.Deciding;

/// The approved cost base of one item (認定額); the engine turns it into the grant amount.
public sealed record ItemAmount(string Key, long Yen);

/// 交付決定: the approved base per item (omitted items: as requested) and the conditions.
public sealed record DecideGrant(IReadOnlyList<ItemAmount>? Items = null, string? Conditions = null);

/// 変更承認: the approved base per item of the change request (omitted items: as requested in the change).
public sealed record ApproveChange(IReadOnlyList<ItemAmount>? Items = null, string? Note = null);

public sealed class ItemAmountsValidator : AbstractValidator<IReadOnlyList<ItemAmount>?>
{
    public ItemAmountsValidator()
    {
        RuleForEach(x => x).ChildRules(i =>
        {
            i.RuleFor(a => a.Key).NotEmpty().MaximumLength(60).WithMessage("Grants.Error.ItemKey");
            i.RuleFor(a => a.Yen).InclusiveBetween(0, 10_000_000_000).WithMessage("Grants.Error.Yen");
        });
    }
}

public sealed class DecideGrantValidator : AbstractValidator<DecideGrant>
{
    public DecideGrantValidator()
    {
        RuleFor(c => c.Items).SetValidator(new ItemAmountsValidator());
        RuleFor(c => c.Conditions).MaximumLength(2000).WithMessage("Grants.Error.TooLong");
    }
}

public sealed class ApproveChangeValidator : AbstractValidator<ApproveChange>
{
    public ApproveChangeValidator()
    {
        RuleFor(c => c.Items).SetValidator(new ItemAmountsValidator());
        RuleFor(c => c.Note).MaximumLength(2000).WithMessage("Grants.Error.TooLong");
    }
}

/// <summary>
/// The municipality's decisions. Four-eyes as in submission review: only a reviewed document is decided, and not by
/// its reviewer. A decided amount changes only through 変更承認 of a change request.
/// </summary>
public static class Deciding
{
    /// <param name="compute">The engine over the programme of the case (approved items → figures).</param>
    /// <param name="budgetLeftYen">The programme's budget not yet committed to other applications.</param>
    public static Decision<object> Decide(GrantCase c, DecideGrant command, Func<IReadOnlyList<GrantItem>, GrantFigures> compute, long? budgetLeftYen,
        string by, DateTimeOffset at)
    {
        if (c.Decided is not null) return Decision<object>.Refuse("application", "Grants.Error.AlreadyDecided");
        if (c.Pending != DocumentKind.GrantApplication) return Decision<object>.Refuse("application", "Grants.Error.NothingToReview");
        if (Reviewed(c, by) is { } refused) return refused;
        if (Approve(c.Application.Items, command.Items) is not { } approved) return Decision<object>.Refuse("items", "Grants.Error.AboveRequested");
        var figures = compute(approved);
        if (budgetLeftYen is { } left && figures.GrantYen > left) return Decision<object>.Refuse("items", "Grants.Error.BudgetExceeded");
        return Decision<object>.Accept(new GrantDecided(c.Id, approved, figures, command.Conditions?.Trim() ?? "", by, at));
    }

    public static Decision<object> Change(GrantCase c, ApproveChange command, Func<IReadOnlyList<GrantItem>, GrantFigures> compute, long? budgetLeftYen,
        string by, DateTimeOffset at)
    {
        if (c.Pending != DocumentKind.GrantChangeRequest || c.Change is not { } change) return Decision<object>.Refuse("application", "Grants.Error.NoChangeRequest");
        if (Reviewed(c, by) is { } refused) return refused;
        if (Approve(change.Items, command.Items) is not { } approved) return Decision<object>.Refuse("items", "Grants.Error.AboveRequested");
        var figures = compute(approved);
        // The budget this case held before the change is free for it again.
        if (budgetLeftYen is { } left && figures.GrantYen > left + (c.DecidedYen ?? 0)) return Decision<object>.Refuse("items", "Grants.Error.BudgetExceeded");
        return Decision<object>.Accept(new GrantChangeApproved(c.Id, approved, figures, command.Note?.Trim() ?? "", by, at));
    }

    /// No decision without review, and not by the reviewer (four-eyes).
    public static Decision<object>? Reviewed(GrantCase c, string by)
    {
        if (c.Reviewer is null) return Decision<object>.Refuse("application", "Grants.Error.NotReviewed");
        if (string.Equals(c.Reviewer, by, StringComparison.OrdinalIgnoreCase)) return Decision<object>.Refuse("application", "Grants.Error.FourEyes");
        return null;
    }

    /// The approved base per item, each at most what was asked for; null when one is above or names no requested item.
    public static IReadOnlyList<GrantItem>? Approve(IReadOnlyList<GrantItem> requested, IReadOnlyList<ItemAmount>? amounts)
    {
        if (amounts is not null && amounts.Any(a => requested.All(r => r.Key != a.Key))) return null;
        var approved = requested.Select(r => amounts?.FirstOrDefault(a => a.Key == r.Key) is { } a ? r with { Yen = a.Yen } : r).ToList();
        return approved.Zip(requested).Any(p => p.First.Yen > p.Second.Yen || p.First.Yen < 0) ? null : approved;
    }
}
