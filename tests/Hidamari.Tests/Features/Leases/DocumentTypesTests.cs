using Hidamari.Portal.Features.Leases;
using Hidamari.Portal.Features.Leases.Documents;
using Hidamari.Portal.Infrastructure;
using static Hidamari.Tests.Features.Leases.LeaseExamples;

namespace Hidamari.Tests.Features.Leases;

[Trait("Category", "Leases")]
public sealed class DocumentTypesTests
{
    internal static readonly byte[] Pdf = "%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"u8.ToArray();
    internal static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];
    internal static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46, 0x49, 0x46, 0];
    /// The start of a Windows executable (DOS "MZ" header): what a renamed .exe begins with.
    internal static readonly byte[] Executable = [0x4D, 0x5A, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF, 0, 0];
    /// ELF, the Linux executable format.
    internal static readonly byte[] Elf = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0];

    private static readonly Lease Lease = Signed(Terms(new DateOnly(2024, 4, 1)));

    public static TheoryData<string, byte[], string?> Contents => new()
    {
        { "PDF", Pdf, "application/pdf" },
        { "PNG", Png, "image/png" },
        { "JPEG", Jpeg, "image/jpeg" },
        { "Windows executable", Executable, null },
        { "ELF executable", Elf, null },
        { "HTML", "<html><script>alert(1)</script>"u8.ToArray(), null },
        { "PDF magic not at the start", [0x20, .. Pdf], null },
        { "truncated PNG signature", Png[..4], null },
    };

    [Theory]
    [MemberData(nameof(Contents))]
    public void The_type_is_judged_by_the_leading_bytes(string what, byte[] content, string? expected) =>
        Assert.True(expected == DocumentTypes.Detect(content), what);

    [Theory]
    [InlineData("contract.pdf")]
    [InlineData("契約書.PDF")]
    [InlineData("photo.jpg")]
    public void A_renamed_executable_is_refused_whatever_its_name(string name)
    {
        var decision = AttachingDocument.Decide(Lease, Guid.NewGuid(), new AttachDocument(name, Executable));

        Assert.False(decision.IsAccepted);
        Assert.Equal(("File", "Validation.File.Type"), (decision.Field, decision.MessageKey));
    }

    [Fact]
    public void Empty_and_oversized_files_are_refused_and_the_limit_itself_is_accepted()
    {
        byte[] AtSize(int size) { var bytes = new byte[size]; Pdf.CopyTo(bytes, 0); return bytes; }

        Assert.Equal("Validation.File.Empty", AttachingDocument.Decide(Lease, Guid.NewGuid(), new AttachDocument("a.pdf", [])).MessageKey);
        Assert.Equal("Validation.File.TooLarge",
            AttachingDocument.Decide(Lease, Guid.NewGuid(), new AttachDocument("a.pdf", AtSize(DocumentTypes.MaxBytes + 1))).MessageKey);
        Assert.True(AttachingDocument.Decide(Lease, Guid.NewGuid(), new AttachDocument("a.pdf", AtSize(DocumentTypes.MaxBytes))).IsAccepted);
    }

    [Theory]
    [InlineData("契約書.pdf", "application/pdf", "契約書.pdf")]
    [InlineData("scan.pdf.png", "application/pdf", "scan.pdf.pdf")]
    [InlineData("../../etc/passwd", "application/pdf", "passwd.pdf")]
    [InlineData("C:\\Users\\me\\外観.JPEG", "image/jpeg", "外観.jpeg")]
    [InlineData("", "image/png", "document.png")]
    public void The_stored_name_has_no_path_and_an_extension_that_matches_the_content(string name, string type, string expected) =>
        Assert.Equal(expected, DocumentTypes.SafeFileName(name, type));

    [Fact]
    public void An_accepted_document_records_its_real_type_size_and_hash()
    {
        var id = Guid.NewGuid();

        var e = AttachingDocument.Decide(Lease, id, new AttachDocument("photo.pdf", Png, " 外観 ")).Event!;

        Assert.Equal((id, "photo.png", "image/png", (long)Png.Length, "外観"), (e.DocumentId, e.FileName, e.ContentType, e.Size, e.Description));
        Assert.Equal(64, e.Sha256.Length);
    }
}
