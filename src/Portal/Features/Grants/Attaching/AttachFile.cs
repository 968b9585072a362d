using Hidamari.Portal.Infrastructure;

namespace Hidamari.Portal.Features.Grants.Attaching;

/// What a grant file goes with: the application (見積書, 図面, 賃貸借契約書 …) or the coming 実績報告 (領収書).
public enum GrantFileUse
{
    Application,
    Report,
}

/// Attach a file to the draft application or to the coming report. Its type is taken from its content, never from its name.
public sealed record AttachGrantFile(GrantFileUse For, string FileName, byte[] Content, string? Description = null);

/// A file added to the draft (or to the receipts of the coming report); its bytes are a <see cref="GrantFileContent"/>
/// of the same id, stored in the same transaction. <see cref="GrantAttachment.FileId"/> names it.
public sealed record GrantFileAttached(Guid ApplicationId, GrantFileUse For, GrantAttachment File, string By, DateTimeOffset At);

/// A file taken off the draft (or the coming report) before it was sent. A file already sent in an earlier version stays
/// stored: what went to the municipality is never changed.
public sealed record GrantFileRemoved(Guid ApplicationId, GrantFileUse For, Guid FileId, string Name, string By, DateTimeOffset At);

/// <summary>
/// The bytes of a grant file, in a tenant's own database: the corporation's (beside the event that names it) and, once
/// the document naming it was delivered, the municipality's (a copy made by delivery; the municipality never reads the
/// corporation's database). Never changed once stored.
/// </summary>
public sealed class GrantFileContent
{
    public Guid Id { get; set; }
    public Guid ApplicationId { get; set; }
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public byte[] Bytes { get; set; } = [];
}

/// <summary>
/// When files may be added or removed: the application's while it is a draft (or back after 差し戻し), the report's
/// receipts while the grant is decided and the report not yet sent (or returned). Everything sent is fixed.
/// </summary>
public static class AttachingGrantFile
{
    /// Per application and per report: enough for quotes, drawings, contracts and a year's receipts.
    public const int MaxFiles = 20;

    /// <summary>Total bytes of the stored files per application, and again per report's receipts: 50 MiB, five full-size
    /// scans (<see cref="DocumentTypes.MaxBytes"/> each). Twenty files of 10 MB would make one submission of 200 MB that
    /// every delivery, archive and download of the case carries; a municipality's desk expects a few documents.</summary>
    public const long MaxTotalBytes = 50L * 1024 * 1024;

    /// The limit in MB as the messages state it.
    public const long MaxTotalMegabytes = MaxTotalBytes / (1024 * 1024);

    /// Bytes of the stored files already attached for this use (name-only attachments weigh nothing).
    public static long TotalBytes(GrantApplication application, GrantFileUse use) =>
        FilesOf(application, use).Where(f => f.FileId is not null).Sum(f => f.Size);

    /// What may still be attached for this use before <see cref="MaxTotalBytes"/> is reached.
    public static long RemainingBytes(GrantApplication application, GrantFileUse use) => Math.Max(0, MaxTotalBytes - TotalBytes(application, use));

    public static bool CanChange(GrantApplication application, GrantFileUse use) =>
        use == GrantFileUse.Application ? application.IsEditable : application.Status == GrantStatus.Decided;

    public static IReadOnlyList<GrantAttachment> FilesOf(GrantApplication application, GrantFileUse use) =>
        use == GrantFileUse.Application ? application.Attachments : application.Receipts;

    public static Decision<GrantFileAttached> Attach(GrantApplication application, Guid fileId, AttachGrantFile command, string by, DateTimeOffset at)
    {
        if (!Enum.IsDefined(command.For)) return Decision<GrantFileAttached>.Refuse("for", "Grants.Files.Error.For");
        if (!CanChange(application, command.For))
            return Decision<GrantFileAttached>.Refuse("application", command.For == GrantFileUse.Application ? "Grants.Files.Error.Locked" : "Grants.Files.Error.ReportLocked");
        var (file, refusal) = UploadedFiles.Check(command.FileName, command.Content);
        if (file is null) return Decision<GrantFileAttached>.Refuse(UploadedFiles.Field, refusal!);
        var description = (command.Description ?? "").Trim();
        if (description.Length > 200) return Decision<GrantFileAttached>.Refuse("description", "Grants.Files.Error.DescriptionTooLong");
        if (FilesOf(application, command.For).Count(f => f.FileId is not null) >= MaxFiles)
            return Decision<GrantFileAttached>.Refuse(UploadedFiles.Field, "Grants.Files.Error.TooMany");
        if (file.Size > RemainingBytes(application, command.For))
            return Decision<GrantFileAttached>.Refuse(UploadedFiles.Field, "Grants.Files.Error.TotalTooLarge");
        return Decision<GrantFileAttached>.Accept(new GrantFileAttached(application.Id, command.For,
            new GrantAttachment(file.FileName, description, fileId, file.ContentType, file.Size, file.Sha256), by, at));
    }

    /// Null when the application has no such file (the caller answers 404).
    public static Decision<GrantFileRemoved>? Remove(GrantApplication application, Guid fileId, string by, DateTimeOffset at)
    {
        var use = application.Attachments.Any(f => f.FileId == fileId) ? GrantFileUse.Application
            : application.Receipts.Any(f => f.FileId == fileId) ? GrantFileUse.Report
            : (GrantFileUse?)null;
        if (use is not { } found) return null;
        if (!CanChange(application, found))
            return Decision<GrantFileRemoved>.Refuse("application", found == GrantFileUse.Application ? "Grants.Files.Error.Locked" : "Grants.Files.Error.ReportLocked");
        var name = FilesOf(application, found).First(f => f.FileId == fileId).Name;
        return Decision<GrantFileRemoved>.Accept(new GrantFileRemoved(application.Id, found, fileId, name, by, at));
    }

    /// <summary>
    /// An autosave keeps the stored files of the draft as they are (only attaching and removing change them) and takes
    /// the name-only attachments from the command, so a page or client holding an older list cannot drop a file.
    /// </summary>
    public static IReadOnlyList<GrantAttachment> KeepFiles(IReadOnlyList<GrantAttachment> current, IReadOnlyList<GrantAttachment>? edited) =>
        edited is null ? current : [.. current.Where(f => f.FileId is not null), .. edited.Where(f => f.FileId is null)];
}
