using Hidamari.Portal.Features.Grants;
using Hidamari.Portal.Features.Grants.Attaching;
using Hidamari.Portal.Infrastructure;
using Hidamari.Tests.Features.Leases;
using static Hidamari.Tests.Features.Grants.GrantWorld;

namespace Hidamari.Tests.Features.Grants;

/// The total size of an application's files, and of a report's receipts, is limited; no database.
[Trait("Category", "Grants")]
public sealed class GrantFileTotalTests
{
    private static GrantApplication Draft() =>
        GrantApplication.Create(new GrantDraftStarted(CaseId, Setagaya(), "ward", "世田谷区", "GH開設", "新GH", 2, [Equipment], "manager", T0));

    private static GrantAttachment Stored(long size) => new("scan.pdf", "", Guid.NewGuid(), "application/pdf", size, "00");

    private static byte[] Pdf(int size) => [.. DocumentTypesTests.Pdf, .. new byte[size - DocumentTypesTests.Pdf.Length]];

    private static Decision<GrantFileAttached> Attach(GrantApplication a, GrantFileUse use, int size) =>
        AttachingGrantFile.Attach(a, Guid.NewGuid(), new AttachGrantFile(use, "scan.pdf", Pdf(size)), "manager", T0);

    [Fact]
    public void The_limit_is_fifty_megabytes_five_full_size_files()
    {
        Assert.Equal(50L * 1024 * 1024, AttachingGrantFile.MaxTotalBytes);
        Assert.Equal(5L * DocumentTypes.MaxBytes, AttachingGrantFile.MaxTotalBytes);
        Assert.Equal(50, AttachingGrantFile.MaxTotalMegabytes);
    }

    [Fact]
    public void A_file_that_fills_the_allowance_exactly_is_taken_one_byte_more_is_refused()
    {
        var full = AttachingGrantFile.MaxTotalBytes - 1_000;
        var a = Draft() with { Attachments = [Stored(full)] };
        Assert.Equal(1_000, AttachingGrantFile.RemainingBytes(a, GrantFileUse.Application));

        Assert.True(Attach(a, GrantFileUse.Application, 1_000).IsAccepted);
        var refused = Attach(a, GrantFileUse.Application, 1_001);
        Assert.Equal((UploadedFiles.Field, "Grants.Files.Error.TotalTooLarge"), (refused.Field, refused.MessageKey));
    }

    [Fact]
    public void Name_only_attachments_weigh_nothing_and_a_removed_file_frees_its_bytes()
    {
        var big = Stored(AttachingGrantFile.MaxTotalBytes - 10);
        var a = Draft() with { Attachments = [new GrantAttachment("賃貸借契約書（原本は郵送）", ""), big] };
        Assert.Equal(AttachingGrantFile.MaxTotalBytes - 10, AttachingGrantFile.TotalBytes(a, GrantFileUse.Application));
        Assert.False(Attach(a, GrantFileUse.Application, 100).IsAccepted);

        a = a.Apply(new GrantFileRemoved(CaseId, GrantFileUse.Application, big.FileId!.Value, big.Name, "manager", T0));
        Assert.Equal(AttachingGrantFile.MaxTotalBytes, AttachingGrantFile.RemainingBytes(a, GrantFileUse.Application));
        Assert.True(Attach(a, GrantFileUse.Application, 100).IsAccepted);
    }

    [Fact]
    public void The_receipts_of_the_report_have_their_own_allowance()
    {
        var decided = Draft() with { Status = GrantStatus.Decided, Attachments = [Stored(AttachingGrantFile.MaxTotalBytes)] };
        Assert.Equal(0, AttachingGrantFile.RemainingBytes(decided, GrantFileUse.Application));
        Assert.Equal(AttachingGrantFile.MaxTotalBytes, AttachingGrantFile.RemainingBytes(decided, GrantFileUse.Report));
        Assert.True(Attach(decided, GrantFileUse.Report, 2_000).IsAccepted);

        var receipts = decided with { Receipts = [Stored(AttachingGrantFile.MaxTotalBytes - 1_999)] };
        Assert.Equal("Grants.Files.Error.TotalTooLarge", Attach(receipts, GrantFileUse.Report, 2_000).MessageKey);
    }

    [Fact]
    public void The_per_file_checks_come_first()
    {
        var a = Draft() with { Attachments = [Stored(AttachingGrantFile.MaxTotalBytes)] };
        Assert.Equal(UploadedFiles.TooLarge, Attach(a, GrantFileUse.Application, DocumentTypes.MaxBytes + 1).MessageKey);
        Assert.Equal(UploadedFiles.WrongType, AttachingGrantFile.Attach(a, Guid.NewGuid(),
            new AttachGrantFile(GrantFileUse.Application, "a.pdf", DocumentTypesTests.Executable), "m", T0).MessageKey);
    }
}
