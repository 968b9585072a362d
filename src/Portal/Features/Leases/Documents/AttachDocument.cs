using System.Security.Cryptography;
using Hidamari.Portal.Infrastructure;

namespace Hidamari.Portal.Features.Leases.Documents;

/// Attach a file to a lease. Its type is taken from its content, never from its name or the browser's claim.
public sealed record AttachDocument(string FileName, byte[] Content, string? Description = null, long? ExpectedVersion = null);

/// <summary>
/// The file types a lease document may have, recognised by their leading bytes (magic numbers), so that an
/// executable renamed to <c>contract.pdf</c> is refused. ISO 32000 (%PDF-), PNG spec §5.2, JPEG SOI + marker.
/// </summary>
public static class DocumentTypes
{
    /// 10 MiB: a scanned contract of a few dozen pages fits; a video does not.
    public const int MaxBytes = 10 * 1024 * 1024;

    private static readonly (string ContentType, string Extension, byte[] Magic)[] Known =
    [
        ("application/pdf", ".pdf", "%PDF-"u8.ToArray()),
        ("image/png", ".png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        ("image/jpeg", ".jpg", [0xFF, 0xD8, 0xFF]),
    ];

    public static string Accept => string.Join(",", Known.Select(k => k.ContentType).Append(".pdf,.png,.jpg,.jpeg"));

    /// The content type the bytes really are, or null when they are none of PDF, PNG and JPEG.
    public static string? Detect(ReadOnlySpan<byte> content)
    {
        foreach (var (type, _, magic) in Known)
            if (content.StartsWith(magic)) return type;
        return null;
    }

    /// The file name to keep: no directories, at most 200 characters, and an extension that matches the content.
    public static string SafeFileName(string fileName, string contentType)
    {
        var name = Path.GetFileName(fileName.Replace('\\', '/')).Trim();
        var stem = Path.GetFileNameWithoutExtension(name);
        if (string.IsNullOrWhiteSpace(stem)) stem = "document";
        if (stem.Length > 190) stem = stem[..190];
        var extension = Path.GetExtension(name).ToLowerInvariant();
        var expected = Known.First(k => k.ContentType == contentType).Extension;
        var fits = extension == expected || (contentType == "image/jpeg" && extension == ".jpeg");
        return stem + (fits ? extension : expected);
    }
}

public static class AttachingDocument
{
    public static Decision<LeaseDocumentAttached> Decide(Lease lease, Guid documentId, AttachDocument command)
    {
        if (command.Content.Length == 0)
            return Decision<LeaseDocumentAttached>.Refuse("File", "Validation.Lease.FileEmpty");
        if (command.Content.Length > DocumentTypes.MaxBytes)
            return Decision<LeaseDocumentAttached>.Refuse("File", "Validation.Lease.FileTooLarge");
        if (DocumentTypes.Detect(command.Content) is not { } contentType)
            return Decision<LeaseDocumentAttached>.Refuse("File", "Validation.Lease.FileType");
        if ((command.Description ?? "").Length > 200)
            return Decision<LeaseDocumentAttached>.Refuse("Description", "Validation.Lease.DescriptionTooLong");
        var sha = Convert.ToHexStringLower(SHA256.HashData(command.Content));
        return Decision<LeaseDocumentAttached>.Accept(new LeaseDocumentAttached(
            lease.Id, documentId, DocumentTypes.SafeFileName(command.FileName, contentType), contentType,
            command.Content.Length, sha, (command.Description ?? "").Trim()));
    }
}
