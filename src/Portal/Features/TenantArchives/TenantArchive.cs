using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hidamari.Tenancy;
using JasperFx.Events;
using Marten;
using Npgsql;

namespace Hidamari.Portal.Features.TenantArchives;

/// <summary>What an archive holds besides its events: the tenant's registry settings and the counts to check against.</summary>
public sealed record ArchiveManifest(
    string Format,
    string TenantId,
    TenantKind Kind,
    string DisplayName,
    string Jurisdiction,
    DateTimeOffset TenantCreatedAt,
    DateTimeOffset ExportedAt,
    long Events,
    long LastSequence,
    IReadOnlyDictionary<string, long> Documents)
{
    public const string CurrentFormat = "hidamari-tenant-archive/1";
}

/// One raw event as Marten stored it, with its stream, version and metadata; <see cref="Data"/> is Marten's own JSON.
public sealed record ArchivedEvent(
    long Sequence, Guid Id, Guid StreamId, long Version, string Type, string DotNetType, DateTimeOffset Timestamp,
    string? UserName, string? CorrelationId, string? CausationId, JsonElement Data);

public sealed record ArchivedDocument(string Id, JsonElement Data);

/// <summary>
/// A tenant's whole record in one zip: <c>manifest.json</c> (registry settings, counts), <c>events.jsonl</c> (every
/// raw event in sequence order) and <c>documents/{type}.jsonl</c> (every stored document, so that documents no
/// projection rebuilds — lease attachments — travel too). Identity data (people, memberships) is not tenant data and
/// stays in the shared database.
/// </summary>
public sealed class TenantArchive(IDocumentStore store)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public async Task<ArchiveManifest> ExportAsync(TenantInfo tenant, Stream output, CancellationToken ct)
    {
        var serializer = store.Options.Serializer();
        await using var session = store.QuerySession(tenant.Id);
        var events = await session.Events.QueryAllRawEvents().OrderBy(e => e.Sequence).ToListAsync(ct);

        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        await using (var writer = new StreamWriter(zip.CreateEntry("events.jsonl", CompressionLevel.Optimal).Open(), new UTF8Encoding(false)))
        {
            foreach (var e in events)
            {
                using var data = JsonDocument.Parse(serializer.ToJson(e.Data));
                var archived = new ArchivedEvent(e.Sequence, e.Id, e.StreamId, e.Version, e.EventTypeName, e.DotNetTypeName,
                    e.Timestamp, e.UserName, e.CorrelationId, e.CausationId, data.RootElement);
                await writer.WriteLineAsync(JsonSerializer.Serialize(archived, Json).AsMemory(), ct);
            }
        }

        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var database = await store.Storage.FindOrCreateDatabase(tenant.Id);
        await using (var conn = database.CreateConnection())
        {
            await conn.OpenAsync(ct);
            foreach (var type in store.Options.AllKnownDocumentTypes().OrderBy(t => t.DocumentType.FullName, StringComparer.Ordinal))
            {
                var rows = await ReadDocumentsAsync(conn, type.TableName.QualifiedName, ct);
                // Which empty tables exist depends on when the tenant was provisioned: only stored documents count.
                if (rows is not { Count: > 0 }) continue;
                counts[type.DocumentType.FullName!] = rows.Count;
                await using var writer = new StreamWriter(zip.CreateEntry($"documents/{type.DocumentType.FullName}.jsonl", CompressionLevel.Optimal).Open(), new UTF8Encoding(false));
                foreach (var row in rows) await writer.WriteLineAsync(JsonSerializer.Serialize(row, Json).AsMemory(), ct);
            }
        }

        var manifest = new ArchiveManifest(ArchiveManifest.CurrentFormat, tenant.Id, tenant.Kind, tenant.DisplayName, tenant.Jurisdiction,
            tenant.CreatedAt, DateTimeOffset.UtcNow, events.Count, events.Count == 0 ? 0 : events[^1].Sequence, counts);
        await using (var stream = zip.CreateEntry("manifest.json").Open())
            await JsonSerializer.SerializeAsync(stream, manifest, Json, ct);
        return manifest;
    }

    /// The tenant's event count and last sequence now, to tell whether it changed since an export.
    public async Task<(long Events, long LastSequence)> HighWaterAsync(TenantInfo tenant, CancellationToken ct)
    {
        var database = await store.Storage.FindOrCreateDatabase(tenant.Id);
        await using var conn = database.CreateConnection();
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand($"select count(*), coalesce(max(seq_id), 0) from {store.Options.Events.DatabaseSchemaName}.mt_events", conn);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static async Task<List<ArchivedDocument>?> ReadDocumentsAsync(NpgsqlConnection conn, string table, CancellationToken ct)
    {
        try
        {
            await using var cmd = new NpgsqlCommand($"select id::text, data::text from {table} order by id", conn);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            var rows = new List<ArchivedDocument>();
            while (await reader.ReadAsync(ct))
            {
                using var data = JsonDocument.Parse(reader.GetString(1));
                rows.Add(new ArchivedDocument(reader.GetString(0), data.RootElement.Clone()));
            }
            return rows;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return null; // a document type never stored in this tenant
        }
    }
}

/// <summary>An archive read back and checked: every event type and document type is one this portal knows.</summary>
public sealed record ArchiveContents(ArchiveManifest Manifest, IReadOnlyList<(ArchivedEvent Event, Type Type)> Events,
    IReadOnlyList<(Type Type, IReadOnlyList<ArchivedDocument> Rows)> Documents);

public sealed class ArchiveInvalidException(string message) : Exception(message);
