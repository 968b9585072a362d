using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Hidamari.Tenancy;
using JasperFx.Events;
using Marten;
using Npgsql;

namespace Hidamari.Portal.Features.TenantArchives;

public sealed record ImportResult(TenantInfo Tenant, long Events, long Documents);

/// <summary>
/// Restores an archive into a new tenant: provisions it, appends every stream's events in the archive's order with
/// their original timestamps, users and ids (so the inline projections rebuild the same read models), then stores
/// the documents no projection rebuilt. The archive is read and checked completely before anything is created; a
/// failure halfway discards the new tenant.
/// </summary>
public sealed class TenantImport(IDocumentStore store, TenantStores stores, TenantProvisioner provisioner, TenantLifecycle lifecycle, ILogger<TenantImport> logger)
{
    private const int BatchSize = 500;

    public ArchiveContents Read(Stream archive)
    {
        try
        {
            return ReadCore(archive);
        }
        catch (InvalidDataException e)
        {
            throw new ArchiveInvalidException($"damaged archive: {e.Message}");
        }
    }

    private ArchiveContents ReadCore(Stream archive)
    {
        ZipArchive zip;
        try { zip = new ZipArchive(archive, ZipArchiveMode.Read, leaveOpen: true); }
        catch (InvalidDataException) { throw new ArchiveInvalidException("not a zip archive"); }
        using (zip)
        {
            var manifest = ReadJson<ArchiveManifest>(zip, "manifest.json");
            if (manifest.Format != ArchiveManifest.CurrentFormat) throw new ArchiveInvalidException($"unknown format {manifest.Format}");

            // Only event types this portal registered, looked up by name: an archive never makes us load a type.
            var eventTypes = store.Options.Events.AllKnownEventTypes()
                .ToDictionary(t => $"{t.EventType.FullName}, {t.EventType.Assembly.GetName().Name}", t => t.EventType, StringComparer.Ordinal);
            var events = new List<(ArchivedEvent, Type)>();
            foreach (var line in Lines(zip, "events.jsonl"))
            {
                var e = Parse<ArchivedEvent>(line, "events.jsonl");
                if (!eventTypes.TryGetValue(e.DotNetType, out var type)) throw new ArchiveInvalidException($"unknown event type {e.DotNetType}");
                events.Add((e, type));
            }
            if (events.Count != manifest.Events) throw new ArchiveInvalidException($"{events.Count} events, the manifest says {manifest.Events}");

            var documentTypes = store.Options.AllKnownDocumentTypes().ToDictionary(t => t.DocumentType.FullName!, t => t.DocumentType, StringComparer.Ordinal);
            var documents = new List<(Type, IReadOnlyList<ArchivedDocument>)>();
            foreach (var (name, count) in manifest.Documents)
            {
                if (!documentTypes.TryGetValue(name, out var type)) throw new ArchiveInvalidException($"unknown document type {name}");
                var rows = Lines(zip, $"documents/{name}.jsonl").Select(l => Parse<ArchivedDocument>(l, name)).ToList();
                if (rows.Count != count) throw new ArchiveInvalidException($"{rows.Count} documents of {name}, the manifest says {count}");
                documents.Add((type, rows));
            }
            return new ArchiveContents(manifest, events, documents);
        }
    }

    public async Task<ImportResult> ImportAsync(string newTenantId, ArchiveContents archive, CancellationToken ct)
    {
        var m = archive.Manifest;
        var tenant = await provisioner.CreateAsync(new NewTenant(newTenantId, m.Kind, m.DisplayName, m.Jurisdiction), ct);
        try
        {
            var serializer = store.Options.Serializer();
            var batch = new List<(ArchivedEvent Event, Type Type)>();
            foreach (var item in archive.Events)
            {
                // One session per run of one stream's events by one user: the global order stays as it was, and Marten
                // knows each event's version (stream start, or the expected version), so inline projections see it too.
                if (batch.Count > 0 && (batch.Count >= BatchSize || batch[0].Event.UserName != item.Event.UserName || batch[0].Event.StreamId != item.Event.StreamId))
                {
                    await AppendAsync(tenant, serializer, batch, ct);
                    batch.Clear();
                }
                batch.Add(item);
            }
            if (batch.Count > 0) await AppendAsync(tenant, serializer, batch, ct);

            var stored = await StoreDocumentsNotRebuiltAsync(tenant, serializer, archive.Documents, ct);
            await using (var check = stores.QuerySession(tenant))
            {
                var count = await check.Events.QueryAllRawEvents().CountAsync(ct);
                if (count != m.Events) throw new InvalidOperationException($"imported {count} events of {m.Events}");
            }
            logger.LogInformation("Tenant {TenantId} restored from an archive of {SourceTenant}: {Events} events, {Documents} documents",
                tenant.Id, m.TenantId, m.Events, stored);
            return new ImportResult(tenant, m.Events, stored);
        }
        catch
        {
            await lifecycle.DiscardAsync(tenant, CancellationToken.None);
            throw;
        }
    }

    private async Task AppendAsync(TenantInfo tenant, ISerializer serializer, List<(ArchivedEvent Event, Type Type)> batch, CancellationToken ct)
    {
        await using var session = stores.OpenSession(tenant);
        session.LastModifiedBy = batch[0].Event.UserName;
        var wrappers = new List<object>();
        foreach (var (e, type) in batch)
        {
            using var json = new MemoryStream(Encoding.UTF8.GetBytes(e.Data.GetRawText()));
            var wrapper = session.Events.BuildEvent(serializer.FromJson(type, json));
            wrapper.Id = e.Id;
            wrapper.Timestamp = e.Timestamp;
            wrapper.UserName = e.UserName;
            wrapper.CorrelationId = e.CorrelationId;
            wrapper.CausationId = e.CausationId;
            wrappers.Add(wrapper);
        }
        var (first, last) = (batch[0].Event, batch[^1].Event);
        if (last.Version - first.Version + 1 != batch.Count) throw new ArchiveInvalidException($"stream {first.StreamId}: versions are not consecutive");
        if (first.Version == 1) session.Events.StartStream(first.StreamId, [.. wrappers]);
        else session.Events.Append(first.StreamId, last.Version, [.. wrappers]);
        await session.SaveChangesAsync(ct);
    }

    /// Projections rebuilt their documents from the events; whatever is still missing (attachments) comes from the archive.
    private async Task<long> StoreDocumentsNotRebuiltAsync(
        TenantInfo tenant, ISerializer serializer, IReadOnlyList<(Type Type, IReadOnlyList<ArchivedDocument> Rows)> documents, CancellationToken ct)
    {
        var database = await store.Storage.FindOrCreateDatabase(tenant.Id);
        long stored = 0;
        foreach (var (type, rows) in documents)
        {
            if (rows.Count == 0) continue;
            var table = store.Options.FindOrResolveDocumentType(type).TableName.QualifiedName;
            var present = new HashSet<string>(StringComparer.Ordinal);
            await using (var conn = database.CreateConnection())
            {
                await conn.OpenAsync(ct);
                try
                {
                    await using var cmd = new NpgsqlCommand($"select id::text from {table}", conn);
                    await using var reader = await cmd.ExecuteReaderAsync(ct);
                    while (await reader.ReadAsync(ct)) present.Add(reader.GetString(0));
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable) { /* created by the first Store */ }
            }
            var missing = rows.Where(r => !present.Contains(r.Id)).ToList();
            foreach (var chunk in missing.Chunk(100))
            {
                await using var session = stores.OpenSession(tenant);
                session.StoreObjects(chunk.Select(r =>
                {
                    using var json = new MemoryStream(Encoding.UTF8.GetBytes(r.Data.GetRawText()));
                    return serializer.FromJson(type, json);
                }).ToList());
                await session.SaveChangesAsync(ct);
                stored += chunk.Length;
            }
        }
        return stored;
    }

    private static T ReadJson<T>(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name) ?? throw new ArchiveInvalidException($"{name} is missing");
        using var stream = entry.Open();
        try { return JsonSerializer.Deserialize<T>(stream, TenantArchive.Json) ?? throw new ArchiveInvalidException($"{name} is empty"); }
        catch (JsonException e) { throw new ArchiveInvalidException($"{name}: {e.Message}"); }
    }

    private static IEnumerable<string> Lines(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name) ?? throw new ArchiveInvalidException($"{name} is missing");
        using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0) yield return line;
    }

    private static T Parse<T>(string line, string where)
    {
        try { return JsonSerializer.Deserialize<T>(line, TenantArchive.Json) ?? throw new ArchiveInvalidException($"{where}: empty line"); }
        catch (JsonException e) { throw new ArchiveInvalidException($"{where}: {e.Message}"); }
    }
}
