using System.Security.Cryptography;
using Hidamari.Portal.Features.Submissions.Delivery;
using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;
using JasperFx;
using Marten;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Grants.Attaching;

/// <summary>
/// Grant files for the API and the pages. Attaching stores the bytes and the event naming them in one session (one
/// transaction), as lease documents are: an event is never recorded without its file, nor a file without its event.
/// Delivery copies the files a sent document names into the municipality's store (<see cref="CopyToMunicipalityAsync"/>).
/// </summary>
public sealed class GrantFiles(TenantStores stores, TimeProvider clock, IStringLocalizer<SharedResource> text)
{
    public Task<CommandResult<Guid>> AttachAsync(TenantInfo corporation, string user, Guid applicationId, AttachGrantFile command, CancellationToken ct)
    {
        var fileId = Guid.CreateVersion7();
        return OnApplicationAsync(corporation, user, applicationId, fileId,
            a => AttachingGrantFile.Attach(a, fileId, command, user, clock.GetUtcNow()),
            (session, _, e) => session.Store(new GrantFileContent
            {
                Id = fileId, ApplicationId = applicationId, FileName = e.File.Name, ContentType = e.File.ContentType!, Sha256 = e.File.Sha256!, Bytes = command.Content,
            }), ct);
    }

    /// A file never sent is deleted with its removal; one sent before (a draft back after 差し戻し) only leaves the list.
    public Task<CommandResult<Guid>> RemoveAsync(TenantInfo corporation, string user, Guid applicationId, Guid fileId, CancellationToken ct) =>
        OnApplicationAsync(corporation, user, applicationId, fileId,
            a => AttachingGrantFile.Remove(a, fileId, user, clock.GetUtcNow()),
            (session, a, _) =>
            {
                if (!a.SentFiles.Contains(fileId)) session.Delete<GrantFileContent>(fileId);
            }, ct);

    /// <summary>Load, decide (pure; null: no such file), append the event and write or delete the bytes beside it, save once.</summary>
    private async Task<CommandResult<Guid>> OnApplicationAsync<TEvent>(TenantInfo corporation, string user, Guid applicationId, Guid fileId,
        Func<GrantApplication, Decision<TEvent>?> decide, Action<IDocumentSession, GrantApplication, TEvent> alongside, CancellationToken ct) where TEvent : class
    {
        if (corporation.Kind != TenantKind.Corporation || applicationId == Guid.Empty) return NotFound("Grants.Error.NotFound");
        await using var session = stores.OpenSession(corporation);
        session.LastModifiedBy = user;
        try
        {
            var stream = await session.Events.FetchForWriting<GrantApplication>(applicationId, ct);
            if (stream.Aggregate is not { } application) return NotFound("Grants.Error.NotFound");
            if (decide(application) is not { } decision) return NotFound("Grants.Files.Error.NotFound");
            if (!decision.IsAccepted)
                // The total's refusal states the limit; for other messages the argument is unused.
                return CommandResult<Guid>.Invalid(new Dictionary<string, string[]> { [decision.Field!] = [text[decision.MessageKey!, AttachingGrantFile.MaxTotalMegabytes]] });
            stream.AppendOne(decision.Event!);
            alongside(session, application, decision.Event!);
            await session.SaveChangesAsync(ct);
            return CommandResult<Guid>.Ok(fileId);
        }
        catch (ConcurrencyException)
        {
            return CommandResult<Guid>.Conflict(text["Grants.Error.Concurrent"]);
        }
    }

    /// A file of the corporation's application (its own, sent or not), or null.
    public async Task<GrantFileContent?> ApplicationFileAsync(TenantInfo corporation, Guid applicationId, Guid fileId, CancellationToken ct)
    {
        if (corporation.Kind != TenantKind.Corporation) return null;
        await using var session = stores.QuerySession(corporation);
        var content = await session.LoadAsync<GrantFileContent>(fileId, ct);
        return content?.ApplicationId == applicationId ? content : null;
    }

    /// A file the municipality received with a document of this case, or null: it sees only what was submitted to it.
    public async Task<GrantFileContent?> CaseFileAsync(TenantInfo municipality, Guid caseId, Guid fileId, CancellationToken ct)
    {
        if (municipality.Kind != TenantKind.Municipality) return null;
        await using var session = stores.QuerySession(municipality);
        if (await session.LoadAsync<GrantCase>(caseId, ct) is not { } grantCase || !grantCase.Files.Contains(fileId)) return null;
        var content = await session.LoadAsync<GrantFileContent>(fileId, ct);
        return content?.ApplicationId == caseId ? content : null;
    }

    /// <summary>
    /// Delivery's part for files: the bytes of every stored file the document names go from the corporation's store into
    /// the municipality's, one file per transaction, before the event that names them there. The outbox message and the
    /// events carry only names, sizes and hashes, so a submission with twenty 10 MB files is still a small message and a
    /// delivery batch of 100 messages does not hold gigabytes; at most one file is in memory at a time. Copying is
    /// idempotent (a file already there is skipped), so a delivery that fails half way simply runs again. The bytes must
    /// hash to what the document says, else the delivery is refused (and retried, and reported as stuck).
    /// </summary>
    public async Task CopyToMunicipalityAsync(TenantInfo corporation, TenantInfo municipality, GrantDocument document, CancellationToken ct)
    {
        foreach (var file in document.Attachments.Where(f => f.FileId is not null))
        {
            var id = file.FileId!.Value;
            await using (var target = stores.QuerySession(municipality))
            {
                var there = await target.Query<GrantFileContent>().Where(c => c.Id == id).Select(c => c.ApplicationId).ToListAsync(ct);
                if (there.Count > 0)
                {
                    if (there[0] != document.ApplicationId)
                        throw new DeliveryRefusedException($"file {id} belongs to another application than {document.ApplicationId}");
                    continue;
                }
            }
            GrantFileContent? content;
            await using (var source = stores.QuerySession(corporation))
                content = await source.LoadAsync<GrantFileContent>(id, ct);
            if (content is null || content.ApplicationId != document.ApplicationId)
                throw new DeliveryRefusedException($"file {id} of application {document.ApplicationId} is not stored at {corporation.Id}");
            if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(content.Bytes)), file.Sha256, StringComparison.Ordinal))
                throw new DeliveryRefusedException($"file {id} of application {document.ApplicationId} does not match its hash");
            await using var session = stores.OpenSession(municipality);
            session.LastModifiedBy = "delivery";
            session.Store(new GrantFileContent
            {
                Id = id, ApplicationId = document.ApplicationId, FileName = file.Name, ContentType = content.ContentType, Sha256 = content.Sha256, Bytes = content.Bytes,
            });
            await session.SaveChangesAsync(ct);
        }
    }

    private CommandResult<Guid> NotFound(string key) => CommandResult<Guid>.NotFound(text[key]);
}
