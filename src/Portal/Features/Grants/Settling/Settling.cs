using FluentValidation;
using Hidamari.Portal.Features.Grants.Calculating;
using Hidamari.Portal.Features.Grants.Deciding;
using Hidamari.Portal.Features.Submissions;
using Hidamari.Portal.Infrastructure;

namespace Hidamari.Portal.Features.Grants.Settling;

/// 額の確定 from the 実績報告 under review.
public sealed record FixAmount;

/// 支払: 概算払 after the decision (up to the decided amount) or 精算払 after the claim (up to the fixed amount).
public sealed record RecordPayment(long Yen);

/// 取消 of the decision, with the reason; what was paid becomes due for return.
public sealed record CancelGrant(string Reason);

/// 返還: money returned by the corporation.
public sealed record RecordRepayment(long Yen);

public sealed class RecordPaymentValidator : AbstractValidator<RecordPayment>
{
    public RecordPaymentValidator() => RuleFor(c => c.Yen).InclusiveBetween(1, 10_000_000_000).WithMessage("Grants.Error.Yen");
}

public sealed class CancelGrantValidator : AbstractValidator<CancelGrant>
{
    public CancelGrantValidator() => RuleFor(c => c.Reason).NotEmpty().MaximumLength(2000).WithMessage("Grants.Error.ReasonsRequired");
}

public sealed class RecordRepaymentValidator : AbstractValidator<RecordRepayment>
{
    public RecordRepaymentValidator() => RuleFor(c => c.Yen).InclusiveBetween(1, 10_000_000_000).WithMessage("Grants.Error.Yen");
}

/// <summary>
/// 額の確定 and money. The fixed amount is the engine over, per item, the smaller of the decided base and the actual
/// cost: costs below the decision lower it (the difference is the excess, 減額), costs above never raise it. What was
/// already paid above the fixed amount is due for return (返還).
/// </summary>
public static class Settling
{
    public static Decision<object> Fix(GrantCase c, Func<IReadOnlyList<GrantItem>, GrantFigures> compute, string by, DateTimeOffset at)
    {
        if (c.Pending != DocumentKind.GrantReport || c.Report is not { } report || c.Approved is not { } approved || c.Decided is not { } decided)
            return Decision<object>.Refuse("application", "Grants.Error.NoReport");
        if (Deciding.Deciding.Reviewed(c, by) is { } refused) return refused;
        var settled = GrantCalculation.Settle(approved, report.Items);
        var figures = compute(settled);
        var excess = Math.Max(0, decided.GrantYen - figures.GrantYen);
        var repayment = Math.Max(0, c.PaidYen - figures.GrantYen);
        return Decision<object>.Accept(new GrantAmountFixed(c.Id, settled, figures, excess, repayment, by, at));
    }

    public static Decision<object> Pay(GrantCase c, RecordPayment command, string by, DateTimeOffset at)
    {
        var ceiling = c.Status switch
        {
            GrantStatus.Decided or GrantStatus.ChangeRequested or GrantStatus.Reported => c.DecidedYen,
            GrantStatus.Claimed => c.FixedYen,
            _ => null,
        };
        if (ceiling is not { } most) return Decision<object>.Refuse("application", "Grants.Error.NotPayable");
        if (c.PaidYen + command.Yen > most) return Decision<object>.Refuse("yen", "Grants.Error.AbovePayable");
        return Decision<object>.Accept(new GrantPaid(c.Id, command.Yen, by, at));
    }

    public static Decision<object> Cancel(GrantCase c, CancelGrant command, string by, DateTimeOffset at)
    {
        if (c.Decided is null || c.Status == GrantStatus.Cancelled)
            return Decision<object>.Refuse("application", "Grants.Error.NotCancellable");
        return Decision<object>.Accept(new GrantCancelled(c.Id, command.Reason.Trim(), c.PaidYen, by, at));
    }

    public static Decision<object> Repay(GrantCase c, RecordRepayment command, string by, DateTimeOffset at)
    {
        if (c.RepaidYen + command.Yen > c.RepaymentDueYen) return Decision<object>.Refuse("yen", "Grants.Error.AboveDue");
        return Decision<object>.Accept(new GrantRepaymentReceived(c.Id, command.Yen, by, at));
    }
}
