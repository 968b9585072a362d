using Npgsql;
using NpgsqlTypes;

namespace Hidamari.Bench.Benchmarks;

/// <summary>
/// The statements Marten sends for one facility command, issued by hand with Npgsql against the same tenant
/// databases (Marten's own tables, indexes and <c>mt_quick_append_events</c> function, built by the provisioner)
/// through a pool configured as the portal's tenant pools. It separates what the storage layout costs from what
/// Marten's and our C# cost, and measures what a different round-trip shape would give, in the same run:
/// <list type="bullet">
/// <item><see cref="Shape.AsMartenSends"/>: a new facility is one transaction (BEGIN + append + document upsert in one
/// batch, then COMMIT); a group home opened on it first reads the stream version and the document (one batch), as
/// <c>FetchForWriting</c> with an expected version does.</item>
/// <item><see cref="Shape.NoRead"/>: the same without the read; the append function checks the expected version anyway.</item>
/// <item><see cref="Shape.OneTrip"/>: the read, then the write batch sent without BEGIN/COMMIT. PostgreSQL runs the
/// statements up to a batch's one Sync as one implicit transaction, so it is as atomic and as durable
/// (synchronous_commit) in one round trip instead of two.</item>
/// <item><see cref="Shape.NoReadOneTrip"/>: both: one round trip per command, as the baseline's INSERT.</item>
/// </list>
/// The upsert's text is Marten 9.58's for <c>FacilityOverview</c>; the benchmark prints the statements Marten really
/// sent (<c>append: statement:</c>), so a drift after an upgrade shows there.
/// </summary>
public sealed class MartenStatementsByHand(NpgsqlDataSource[] tenants, string schema, string eventJson, string documentJson) : IAsyncDisposable
{
    public enum Shape { AsMartenSends, NoRead, OneTrip, NoReadOneTrip }

    private const int GroupHomesPerFacility = 5;

    public static string FigureName(Shape shape) => shape switch
    {
        Shape.AsMartenSends => "append.by_hand",
        Shape.NoRead => "append.by_hand.no_read",
        Shape.OneTrip => "append.by_hand.one_trip",
        Shape.NoReadOneTrip => "append.by_hand.no_read.one_trip",
        _ => throw new ArgumentOutOfRangeException(nameof(shape)),
    };
    private readonly Writer[] _writers = [.. tenants.Select(_ => new Writer())];

    private string ReadVersion => $"select version from {schema}.mt_streams where id = $1";
    private string ReadDocument => $"select d.id, d.data, d.mt_version from {schema}.mt_doc_facilityoverview as d where id = $1";
    private string Append => $"select {schema}.mt_quick_append_events($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)";
    private string Upsert => $"""
        insert into {schema}.mt_doc_facilityoverview (id, data, "mt_version", "mt_dotnet_type", "mt_last_modified")
        values ($1, $2, CASE WHEN $3 = 0 THEN COALESCE((select version from {schema}.mt_streams where {schema}.mt_streams.id = $4), 1) ELSE $5 END, $6, transaction_timestamp())
        on conflict (id) do update set data = excluded.data,
          mt_version = CASE WHEN $7 = 0 THEN COALESCE((select version from {schema}.mt_streams where {schema}.mt_streams.id = {schema}.mt_doc_facilityoverview.id), {schema}.mt_doc_facilityoverview.mt_version + 1) ELSE $8 END,
          "mt_dotnet_type" = excluded."mt_dotnet_type", "mt_last_modified" = excluded."mt_last_modified"
        where $9 = 0 or COALESCE((select version from {schema}.mt_streams where {schema}.mt_streams.id = {schema}.mt_doc_facilityoverview.id), 0) <= $10
        returning mt_version
        """;

    /// One command of writer <paramref name="w"/>: register a facility, or open a group home on the last one.
    public async Task<bool> RunAsync(int w, Shape shape)
    {
        var writer = _writers[w];
        if (writer.Version == 0 || writer.Version > GroupHomesPerFacility) (writer.Stream, writer.Version) = (Guid.CreateVersion7(), 0);
        var opening = writer.Version > 0;
        await using var connection = await tenants[w].OpenConnectionAsync();
        if (opening && shape is Shape.AsMartenSends or Shape.OneTrip)
        {
            await using var read = new NpgsqlBatch(connection) { BatchCommands = { Command(ReadVersion, writer.Stream), Command(ReadDocument, writer.Stream) } };
            await using var reader = await read.ExecuteReaderAsync();
            if (!await reader.ReadAsync() || reader.GetInt64(0) != writer.Version) return false;
            await reader.NextResultAsync();
            if (!await reader.ReadAsync()) return false;
            _ = reader.GetString(1);
        }
        var oneTrip = shape is Shape.OneTrip or Shape.NoReadOneTrip;
        await using var transaction = oneTrip ? null : await connection.BeginTransactionAsync();
        await using (var write = new NpgsqlBatch(connection, transaction) { BatchCommands = { AppendCommand(writer), UpsertCommand(writer) } })
        await using (var reader = await write.ExecuteReaderAsync())
        {
            while (await reader.NextResultAsync()) { }
        }
        if (transaction is not null) await transaction.CommitAsync();
        writer.Version++;
        return true;
    }

    private NpgsqlBatchCommand AppendCommand(Writer writer) => Command(Append,
        writer.Stream, "facility", "*DEFAULT*", new[] { Guid.CreateVersion7() }, new[] { "group_home_opened" },
        new[] { "Hidamari.Portal.Features.Facilities.GroupHomeOpened, Hidamari.Portal" },
        new NpgsqlParameter { Value = new[] { eventJson }, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb },
        new NpgsqlParameter { Value = new byte[]?[] { null }, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea },
        new[] { "bench" }, new[] { DateTimeOffset.UtcNow },
        new NpgsqlParameter { Value = writer.Version == 0 ? DBNull.Value : writer.Version, NpgsqlDbType = NpgsqlDbType.Bigint });

    private NpgsqlBatchCommand UpsertCommand(Writer writer)
    {
        var next = writer.Version + 1;
        return Command(Upsert, writer.Stream, new NpgsqlParameter { Value = documentJson, NpgsqlDbType = NpgsqlDbType.Jsonb },
            next, writer.Stream, next, "Hidamari.Portal.Features.Facilities.FacilityOverview", next, next, next, next);
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values) command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value });
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var tenant in tenants) await tenant.DisposeAsync();
    }

    private sealed class Writer
    {
        public Guid Stream;
        public long Version;
    }
}
