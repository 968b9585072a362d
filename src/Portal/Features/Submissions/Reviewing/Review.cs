using Hidamari.Portal.Infrastructure;

namespace Hidamari.Portal.Features.Submissions.Reviewing;

public sealed record AssignReviewer(string? Reviewer);

public sealed record CommentLine(string? Line, string Text);

public sealed record ReturnSubmission(string Reasons);

/// <summary>
/// The municipality's review steps as pure decisions. A decided submission (差し戻し or 受理) takes no further step: a
/// correction comes back as a new version. Four-eyes: the reviewer of a submission cannot accept it.
/// </summary>
public static class Review
{
    public static Decision<object> Assign(ReceivedSubmission s, AssignReviewer command, string by, DateTimeOffset at)
    {
        if (s.IsDecided) return Decision<object>.Refuse("submission", "Submissions.Error.AlreadyDecided");
        var reviewer = string.IsNullOrWhiteSpace(command.Reviewer) ? by : command.Reviewer.Trim();
        return Decision<object>.Accept(new ReviewerAssigned(s.Id, reviewer, by, at));
    }

    public static Decision<object> Comment(ReceivedSubmission s, CommentLine command, string by, DateTimeOffset at)
    {
        if (s.IsDecided) return Decision<object>.Refuse("submission", "Submissions.Error.AlreadyDecided");
        if (string.IsNullOrWhiteSpace(command.Text)) return Decision<object>.Refuse("text", "Submissions.Error.TextRequired");
        var line = command.Line ?? "";
        if (line.Length > 0 && s.Content.Lines.All(l => l.Key != line)) return Decision<object>.Refuse("line", "Submissions.Error.UnknownLine");
        return Decision<object>.Accept(new LineCommented(s.Id, line, command.Text.Trim(), by, at));
    }

    public static Decision<object> Return(ReceivedSubmission s, ReturnSubmission command, string by, DateTimeOffset at)
    {
        if (s.IsDecided) return Decision<object>.Refuse("submission", "Submissions.Error.AlreadyDecided");
        if (string.IsNullOrWhiteSpace(command.Reasons)) return Decision<object>.Refuse("reasons", "Submissions.Error.ReasonsRequired");
        return Decision<object>.Accept(new SubmissionReturned(s.Id, command.Reasons.Trim(), by, at));
    }

    public static Decision<object> Accept(ReceivedSubmission s, string by, DateTimeOffset at)
    {
        if (s.IsDecided) return Decision<object>.Refuse("submission", "Submissions.Error.AlreadyDecided");
        if (s.Reviewer is null) return Decision<object>.Refuse("submission", "Submissions.Error.NotReviewed");
        if (string.Equals(s.Reviewer, by, StringComparison.OrdinalIgnoreCase))
            return Decision<object>.Refuse("submission", "Submissions.Error.FourEyes");
        return Decision<object>.Accept(new SubmissionAccepted(s.Id, by, at));
    }
}
