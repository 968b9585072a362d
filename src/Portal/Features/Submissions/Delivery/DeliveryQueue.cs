using Hidamari.Tenancy;
using Npgsql;

namespace Hidamari.Portal.Features.Submissions.Delivery;

/// <summary>
/// The shared database's list of tenants whose outbox holds messages to deliver, so that a delivery pass opens only
/// those tenants' databases instead of every tenant's (thousands of them).
///
/// The outbox message lives in the tenant's own database and this row in the shared one: they cannot be written in
/// one transaction. The row is written right after the outbox commit; whatever is lost between the two (a process
/// killed after the commit, the shared database briefly unreachable) is found by the full sweep a portal makes on
/// start and every <see cref="DeliveryOptions.FullSweepInterval"/>. A row carries a generation, raised by every signal:
/// a pass clears only the generation it read, so a message committed and signalled during the pass keeps its row.
/// A tenant whose messages are backing off keeps its row, due when the earliest of them is.
/// </summary>
public sealed class DeliveryQueue(PlatformDatabase platform, TimeProvider clock)
{
    private const string Schema = """
        create schema if not exists platform;
        create table if not exists platform.delivery_pending (
            tenant_id    text primary key,
            due_at       timestamptz not null,
            generation   bigint not null default 1,
            signalled_at timestamptz not null
        );
        create index if not exists delivery_pending_due_at on platform.delivery_pending (due_at);
        """;

    private volatile bool _schemaReady;

    /// A tenant's outbox has a new message: due now.
    public async Task SignalAsync(string tenantId, CancellationToken ct)
    {
        await EnsureSchemaAsync(ct);
        await using var cmd = platform.DataSource.CreateCommand("""
            insert into platform.delivery_pending as p (tenant_id, due_at, signalled_at) values ($1, $2, $2)
            on conflict (tenant_id) do update
            set due_at = least(p.due_at, excluded.due_at), generation = p.generation + 1, signalled_at = excluded.signalled_at
            """);
        cmd.Parameters.AddWithValue(tenantId);
        cmd.Parameters.AddWithValue(clock.GetUtcNow());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// Tenants with work due now, the longest waiting first.
    public async Task<IReadOnlyList<PendingTenant>> DueAsync(int limit, CancellationToken ct)
    {
        await EnsureSchemaAsync(ct);
        await using var cmd = platform.DataSource.CreateCommand(
            "select tenant_id, generation from platform.delivery_pending where due_at <= $1 order by due_at limit $2");
        cmd.Parameters.AddWithValue(clock.GetUtcNow());
        cmd.Parameters.AddWithValue(limit);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var due = new List<PendingTenant>();
        while (await reader.ReadAsync(ct)) due.Add(new PendingTenant(reader.GetString(0), reader.GetInt64(1)));
        return due;
    }

    /// <summary>
    /// After a tenant's messages were worked on: its row goes when nothing is left, or waits until <paramref name="nextDue"/>.
    /// Either only if no signal came meanwhile (same generation); otherwise the row stays due now.
    /// </summary>
    public async Task SettleAsync(PendingTenant pending, DateTimeOffset? nextDue, CancellationToken ct)
    {
        await using var cmd = platform.DataSource.CreateCommand(nextDue is null
            ? "delete from platform.delivery_pending where tenant_id = $1 and generation = $2"
            : "update platform.delivery_pending set due_at = $3 where tenant_id = $1 and generation = $2");
        cmd.Parameters.AddWithValue(pending.TenantId);
        cmd.Parameters.AddWithValue(pending.Generation);
        if (nextDue is { } due) cmd.Parameters.AddWithValue(due);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// The full sweep found messages of a tenant left for later (backing off, or a signal that was lost): due then.
    public async Task RememberAsync(string tenantId, DateTimeOffset due, CancellationToken ct)
    {
        await EnsureSchemaAsync(ct);
        await using var cmd = platform.DataSource.CreateCommand("""
            insert into platform.delivery_pending as p (tenant_id, due_at, signalled_at) values ($1, $2, $3)
            on conflict (tenant_id) do update set due_at = least(p.due_at, excluded.due_at)
            """);
        cmd.Parameters.AddWithValue(tenantId);
        cmd.Parameters.AddWithValue(due);
        cmd.Parameters.AddWithValue(clock.GetUtcNow());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task ForgetAsync(string tenantId, CancellationToken ct)
    {
        await using var cmd = platform.DataSource.CreateCommand("delete from platform.delivery_pending where tenant_id = $1");
        cmd.Parameters.AddWithValue(tenantId);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// How many tenants have a row (due or backing off), for reports and tests.
    public async Task<long> CountAsync(CancellationToken ct)
    {
        await EnsureSchemaAsync(ct);
        await using var cmd = platform.DataSource.CreateCommand("select count(*) from platform.delivery_pending");
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private async Task EnsureSchemaAsync(CancellationToken ct)
    {
        if (_schemaReady) return;
        await using var cmd = platform.DataSource.CreateCommand(Schema);
        try
        {
            await cmd.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DuplicateObject)
        {
            // Another instance created it at the same moment.
        }
        _schemaReady = true;
    }
}

public sealed record PendingTenant(string TenantId, long Generation);
