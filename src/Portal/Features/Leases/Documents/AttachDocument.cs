using Hidamari.Portal.Infrastructure;

namespace Hidamari.Portal.Features.Leases.Documents;

/// Attach a file to a lease. Its type is taken from its content, never from its name or the browser's claim.
public sealed record AttachDocument(string FileName, byte[] Content, string? Description = null, long? ExpectedVersion = null);

public static class AttachingDocument
{
    public static Decision<LeaseDocumentAttached> Decide(Lease lease, Guid documentId, AttachDocument command)
    {
        // The file checks every stored upload shares (empty, size, type by content).
        var (file, refusal) = UploadedFiles.Check(command.FileName, command.Content);
        if (file is null) return Decision<LeaseDocumentAttached>.Refuse(UploadedFiles.Field, refusal!);
        if ((command.Description ?? "").Length > 200)
            return Decision<LeaseDocumentAttached>.Refuse("Description", "Validation.Lease.DescriptionTooLong");
        return Decision<LeaseDocumentAttached>.Accept(new LeaseDocumentAttached(
            lease.Id, documentId, file.FileName, file.ContentType, file.Size, file.Sha256, (command.Description ?? "").Trim()));
    }
}
