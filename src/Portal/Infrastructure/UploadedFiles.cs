using System.Security.Cryptography;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Infrastructure;

/// <summary>
/// The file types a stored document (a lease contract, a grant's quote or receipt) may have, recognised by their leading
/// bytes (magic numbers), so that an executable renamed to <c>contract.pdf</c> is refused. ISO 32000 (%PDF-), PNG spec
/// §5.2, JPEG SOI + marker.
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

/// A file that passed <see cref="UploadedFiles.Check"/>: the name to keep, its real type, size and SHA-256 (hex).
public sealed record CheckedFile(string FileName, string ContentType, long Size, string Sha256);

/// <summary>
/// The one place every stored upload is checked and read, for the API (multipart) and the pages (InputFile): not empty,
/// at most <see cref="DocumentTypes.MaxBytes"/>, a PDF, PNG or JPEG by its content. A refusal names the field
/// <see cref="Field"/> and a message key in strings.files.tsv. A full disk while storing is not refused here: the
/// database's error reaches <see cref="ProblemExceptionHandler"/> (503, Retry-After) and the transaction stores nothing.
/// </summary>
public static class UploadedFiles
{
    public const string Field = "File";
    public const string Empty = "Validation.File.Empty";
    public const string TooLarge = "Validation.File.TooLarge";
    public const string WrongType = "Validation.File.Type";

    /// The checked file, or the message key that refuses it.
    public static (CheckedFile? File, string? ErrorKey) Check(string fileName, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Length == 0) return (null, Empty);
        if (content.Length > DocumentTypes.MaxBytes) return (null, TooLarge);
        if (DocumentTypes.Detect(content) is not { } contentType) return (null, WrongType);
        return (new CheckedFile(DocumentTypes.SafeFileName(fileName ?? "", contentType), contentType, content.Length,
            Convert.ToHexStringLower(SHA256.HashData(content))), null);
    }

    /// A multipart upload's bytes, or null when it is larger than allowed (refused before it is read into memory).
    public static async Task<byte[]?> ReadAsync(IFormFile file, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Length > DocumentTypes.MaxBytes) return null;
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    /// A page's upload, or null when it is larger than allowed (the browser's stream stops one byte past the limit).
    public static async Task<byte[]?> ReadAsync(IBrowserFile file, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Size > DocumentTypes.MaxBytes) return null;
        try
        {
            await using var stream = file.OpenReadStream(DocumentTypes.MaxBytes + 1, ct);
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, ct);
            return buffer.ToArray();
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// The message key when the storage refused a write: the disk is full, or permission is denied (a revoked grant, a
    /// read-only tablespace, a file the process may not write); null for any other failure. The API answers these through
    /// <see cref="ProblemExceptionHandler"/>, a page storing a file shows the same message beside it.
    /// </summary>
    public static string? StorageFailureKey(Exception? e) => e switch
    {
        null => null,
        Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.DiskFull } => "Error.StorageFull",
        Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.InsufficientPrivilege } or UnauthorizedAccessException => "Error.StorageDenied",
        AggregateException { InnerExceptions: [var only] } => StorageFailureKey(only),
        _ => StorageFailureKey(e.InnerException),
    };

    /// The API's answer to an upload over the limit: 400 problem+json, nothing stored.
    public static IResult TooLargeProblem(IStringLocalizer text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [text[TooLarge]] }, title: text[TooLarge]);
    }
}
