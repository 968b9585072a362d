using Hidamari.Portal.Features.Grants;
using Hidamari.Portal.Features.Grants.Attaching;
using Hidamari.Portal.Features.Grants.Submitting;
using Hidamari.Portal.Features.Submissions;
using Hidamari.Tests.Features.Leases;
using static Hidamari.Tests.Features.Grants.GrantWorld;

namespace Hidamari.Tests.Features.Grants;

/// When a grant file may be attached or removed, given the application's events; no database.
[Trait("Category", "Grants")]
public sealed class GrantFileDecisionTests
{
    private static readonly Guid Id = CaseId;

    private static GrantApplication Draft() => GrantApplication.Create(new GrantDraftStarted(Id, Setagaya(), "ward", "世田谷区", "GH開設", "新GH", 2, [Equipment], "manager", T0));

    private static GrantApplication With(GrantApplication a, params object[] events)
    {
        foreach (var e in events)
            a = e switch
            {
                GrantFileAttached x => a.Apply(x),
                GrantFileRemoved x => a.Apply(x),
                GrantDocumentSent x => a.Apply(x),
                GrantStepReceived x => a.Apply(x),
                _ => throw new ArgumentException(e.GetType().Name),
            };
        return a;
    }

    private static GrantFileAttached Attached(GrantApplication a, GrantFileUse use, string name = "見積書.pdf") =>
        AttachingGrantFile.Attach(a, Guid.CreateVersion7(), new AttachGrantFile(use, name, DocumentTypesTests.Pdf), "manager", T0).Event!;

    private static GrantDocumentSent Sent(GrantApplication a, DocumentKind kind = DocumentKind.GrantApplication) =>
        new(Id, Guid.CreateVersion7(), kind, 1, Document(kind, [Equipment]) with { Attachments = kind == DocumentKind.GrantReport ? a.Receipts : a.Attachments }, "manager", T0.AddMinutes(5));

    private static GrantStepReceived Step(string what, GrantStatus status, long sequence) =>
        new(Guid.CreateVersion7(), Id, sequence, new GrantStep(what, status, null, "approver", T0.AddMinutes(10 + sequence)));

    public static TheoryData<string, GrantStatus, bool, bool> Windows => new()
    {
        // status, application files may change, receipts may change
        { "draft", GrantStatus.Draft, true, false },
        { "sent", GrantStatus.Submitted, false, false },
        { "in review", GrantStatus.InReview, false, false },
        { "returned", GrantStatus.Returned, true, false },
        { "decided", GrantStatus.Decided, false, true },
        { "change requested", GrantStatus.ChangeRequested, false, false },
        { "reported", GrantStatus.Reported, false, false },
        { "fixed", GrantStatus.Fixed, false, false },
        { "cancelled", GrantStatus.Cancelled, false, false },
    };

    [Theory]
    [MemberData(nameof(Windows))]
    public void Files_change_only_in_their_window(string what, GrantStatus status, bool application, bool receipts)
    {
        var a = Draft() with { Status = status };
        Assert.True(application == AttachingGrantFile.Attach(a, Guid.NewGuid(), new AttachGrantFile(GrantFileUse.Application, "a.pdf", DocumentTypesTests.Pdf), "m", T0).IsAccepted, what);
        Assert.True(receipts == AttachingGrantFile.Attach(a, Guid.NewGuid(), new AttachGrantFile(GrantFileUse.Report, "a.pdf", DocumentTypesTests.Pdf), "m", T0).IsAccepted, what);
    }

    [Fact]
    public void The_shared_file_checks_refuse_what_leases_refuse_and_the_name_and_hash_are_kept()
    {
        var a = Draft();
        Decision(a, DocumentTypesTests.Executable, "Validation.File.Type");
        Decision(a, [], "Validation.File.Empty");
        var e = Attached(a, GrantFileUse.Application, @"C:\scans\見積書");
        Assert.Equal(("見積書.pdf", "application/pdf", (long)DocumentTypesTests.Pdf.Length), (e.File.Name, e.File.ContentType, e.File.Size));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(DocumentTypesTests.Pdf)), e.File.Sha256);

        static void Decision(GrantApplication a, byte[] bytes, string key)
        {
            var d = AttachingGrantFile.Attach(a, Guid.NewGuid(), new AttachGrantFile(GrantFileUse.Application, "a.pdf", bytes), "m", T0);
            Assert.Equal(("File", key), (d.Field, d.MessageKey));
        }
    }

    [Fact]
    public void Twenty_files_per_list_at_most()
    {
        var a = Draft();
        for (var i = 0; i < AttachingGrantFile.MaxFiles; i++) a = With(a, Attached(a, GrantFileUse.Application, $"{i}.pdf"));
        var refused = AttachingGrantFile.Attach(a, Guid.NewGuid(), new AttachGrantFile(GrantFileUse.Application, "21.pdf", DocumentTypesTests.Pdf), "m", T0);
        Assert.Equal("Grants.Files.Error.TooMany", refused.MessageKey);
    }

    [Fact]
    public void A_sent_file_is_remembered_and_stays_off_limits_until_the_application_comes_back()
    {
        var draft = Draft();
        var quote = Attached(draft, GrantFileUse.Application);
        var a = With(draft, quote);
        Assert.Equal(["Drafted", "FileAttached.Application"], a.Timeline.Select(t => t.What));
        a = With(a, Sent(a));
        Assert.Equal([quote.File.FileId!.Value], a.SentFiles);
        Assert.Equal("Grants.Files.Error.Locked", AttachingGrantFile.Remove(a, quote.File.FileId!.Value, "m", T0)!.MessageKey);
        Assert.Null(AttachingGrantFile.Remove(a, Guid.NewGuid(), "m", T0));

        a = With(a, Step("Returned.GrantApplication", GrantStatus.Returned, 2));
        var removed = AttachingGrantFile.Remove(a, quote.File.FileId!.Value, "finance", T0.AddHours(1))!.Event!;
        Assert.Equal((GrantFileUse.Application, "見積書.pdf", "finance"), (removed.For, removed.Name, removed.By));
        a = With(a, removed);
        Assert.Empty(a.Attachments);
        Assert.Equal([quote.File.FileId!.Value], a.SentFiles);
    }

    [Fact]
    public void Receipts_go_with_the_report_and_an_autosave_never_drops_a_stored_file()
    {
        var a = Draft();
        a = With(a, Attached(a, GrantFileUse.Application));
        var named = new GrantAttachment("旧様式の一覧.pdf", "名前だけ");
        Assert.Equal(["見積書.pdf", "旧様式の一覧.pdf"], AttachingGrantFile.KeepFiles(a.Attachments, [named]).Select(f => f.Name));
        Assert.Equal(["見積書.pdf"], AttachingGrantFile.KeepFiles(a.Attachments, []).Select(f => f.Name));
        var forged = named with { FileId = Guid.NewGuid() };
        Assert.Equal(["見積書.pdf"], AttachingGrantFile.KeepFiles(a.Attachments, [forged]).Select(f => f.Name));

        a = With(a, Sent(a), Step("Decided", GrantStatus.Decided, 2));
        var receipt = Attached(a, GrantFileUse.Report, "領収書.pdf");
        a = With(a, receipt);
        Assert.Equal(["領収書.pdf"], a.Receipts.Select(f => f.Name));
        var report = Submitting.Report(a, new ReportActuals([Equipment], [named]), Compute([Equipment]), Guid.NewGuid(), 1, new DateOnly(2023, 5, 1), "finance", T0.AddDays(1));
        Assert.Equal(["領収書.pdf", "旧様式の一覧.pdf"], report.Event!.Document.Attachments.Select(f => f.Name));
        a = With(a, report.Event!);
        Assert.Contains(receipt.File.FileId!.Value, a.SentFiles);
        Assert.Equal("Grants.Files.Error.ReportLocked", AttachingGrantFile.Remove(a, receipt.File.FileId!.Value, "m", T0)!.MessageKey);
    }
}
