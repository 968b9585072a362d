using Hidamari.Tenancy;
using Npgsql;

namespace Hidamari.Billing;

/// <summary>
/// Billing's tables in the shared database (schema <c>billing</c>), beside the tenant registry: which Stripe
/// customer belongs to which tenant, each tenant's subscription state, and every webhook event id already processed.
/// Billing never touches a tenant's own database.
/// </summary>
public sealed class BillingStore(PlatformDatabase platform)
{
    internal const string Schema = """
        create schema if not exists billing;
        create table if not exists billing.customers (
            tenant_id    text primary key,
            customer_id  text not null unique,
            created_at   timestamptz not null default now()
        );
        create table if not exists billing.subscriptions (
            tenant_id            text primary key,
            subscription_id      text not null,
            customer_id          text,
            status               text not null,
            stripe_status        text not null,
            price_id             text,
            current_period_end   timestamptz,
            cancel_at_period_end boolean not null default false,
            past_due_since       timestamptz,
            state_at             timestamptz not null,
            state_rank           integer not null,
            updated_at           timestamptz not null default now()
        );
        create table if not exists billing.stripe_events (
            id           text primary key,
            type         text not null,
            created      timestamptz not null,
            received_at  timestamptz not null default now(),
            tenant_id    text,
            outcome      text not null default 'received'
        );
        """;

    public NpgsqlDataSource DataSource => platform.DataSource;

    public async Task EnsureSchemaAsync(CancellationToken ct)
    {
        await using var conn = await DataSource.OpenConnectionAsync(ct);
        // Two portal instances starting together would race on "create ... if not exists"; a lock makes them take turns.
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var lockCmd = new NpgsqlCommand("select pg_advisory_xact_lock(hashtext('hidamari.billing.schema'))", conn, tx))
            await lockCmd.ExecuteNonQueryAsync(ct);
        await using (var cmd = new NpgsqlCommand(Schema, conn, tx))
            await cmd.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
    }

    public async Task<TenantSubscription?> SubscriptionAsync(string tenantId, CancellationToken ct = default)
    {
        await using var conn = await DataSource.OpenConnectionAsync(ct);
        return await SubscriptionAsync(conn, null, tenantId, forUpdate: false, ct);
    }

    public async Task<string?> CustomerOfAsync(string tenantId, CancellationToken ct = default)
    {
        await using var cmd = DataSource.CreateCommand("select customer_id from billing.customers where tenant_id = $1");
        cmd.Parameters.AddWithValue(tenantId);
        return await cmd.ExecuteScalarAsync(ct) as string;
    }

    /// Records the tenant's Stripe customer; the first one recorded stays (returns the one that is stored).
    public async Task<string> RecordCustomerAsync(string tenantId, string customerId, CancellationToken ct = default)
    {
        await using var conn = await DataSource.OpenConnectionAsync(ct);
        return await RecordCustomerAsync(conn, null, tenantId, customerId, ct);
    }

    internal static async Task<string> RecordCustomerAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string tenantId, string customerId, CancellationToken ct)
    {
        await using (var insert = new NpgsqlCommand(
            "insert into billing.customers (tenant_id, customer_id) values ($1, $2) on conflict do nothing", conn, tx))
        {
            insert.Parameters.AddWithValue(tenantId);
            insert.Parameters.AddWithValue(customerId);
            await insert.ExecuteNonQueryAsync(ct);
        }
        await using var select = new NpgsqlCommand("select customer_id from billing.customers where tenant_id = $1", conn, tx);
        select.Parameters.AddWithValue(tenantId);
        return (string)(await select.ExecuteScalarAsync(ct))!;
    }

    internal static async Task<string?> TenantOfCustomerAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string customerId, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("select tenant_id from billing.customers where customer_id = $1", conn, tx);
        cmd.Parameters.AddWithValue(customerId);
        return await cmd.ExecuteScalarAsync(ct) as string;
    }

    /// Claims an event id for processing; false when it was processed before (or is being processed by another request,
    /// which this call then waits for).
    internal static async Task<bool> TryClaimEventAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string id, string type, DateTimeOffset created, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "insert into billing.stripe_events (id, type, created) values ($1, $2, $3) on conflict (id) do nothing", conn, tx);
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(type);
        cmd.Parameters.AddWithValue(created);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    internal static async Task RecordOutcomeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string id, string? tenantId, string outcome, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("update billing.stripe_events set tenant_id = $2, outcome = $3 where id = $1", conn, tx);
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue((object?)tenantId ?? DBNull.Value);
        cmd.Parameters.AddWithValue(outcome);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// Serializes changes to one tenant's billing state inside the transaction.
    internal static async Task LockTenantAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string tenantId, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("select pg_advisory_xact_lock(hashtext('hidamari.billing:' || $1))", conn, tx);
        cmd.Parameters.AddWithValue(tenantId);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    internal static async Task<TenantSubscription?> SubscriptionAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string tenantId, bool forUpdate, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"""
            select tenant_id, subscription_id, customer_id, status, stripe_status, price_id, current_period_end,
                   cancel_at_period_end, past_due_since, state_at, state_rank
            from billing.subscriptions where tenant_id = $1 {(forUpdate ? "for update" : "")}
            """, conn, tx);
        cmd.Parameters.AddWithValue(tenantId);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        return new TenantSubscription(
            r.GetString(0),
            r.GetString(1),
            r.IsDBNull(2) ? null : r.GetString(2),
            Enum.Parse<SubscriptionStatus>(r.GetString(3)),
            r.GetString(4),
            r.IsDBNull(5) ? null : r.GetString(5),
            r.IsDBNull(6) ? null : r.GetFieldValue<DateTimeOffset>(6),
            r.GetBoolean(7),
            r.IsDBNull(8) ? null : r.GetFieldValue<DateTimeOffset>(8),
            r.GetFieldValue<DateTimeOffset>(9),
            r.GetInt32(10));
    }

    internal static async Task SaveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TenantSubscription s, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            insert into billing.subscriptions (tenant_id, subscription_id, customer_id, status, stripe_status, price_id,
                current_period_end, cancel_at_period_end, past_due_since, state_at, state_rank, updated_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now())
            on conflict (tenant_id) do update set
                subscription_id = excluded.subscription_id, customer_id = excluded.customer_id, status = excluded.status,
                stripe_status = excluded.stripe_status, price_id = excluded.price_id,
                current_period_end = excluded.current_period_end, cancel_at_period_end = excluded.cancel_at_period_end,
                past_due_since = excluded.past_due_since, state_at = excluded.state_at, state_rank = excluded.state_rank,
                updated_at = now()
            """, conn, tx);
        cmd.Parameters.AddWithValue(s.TenantId);
        cmd.Parameters.AddWithValue(s.SubscriptionId);
        cmd.Parameters.AddWithValue((object?)s.CustomerId ?? DBNull.Value);
        cmd.Parameters.AddWithValue(s.Status.ToString());
        cmd.Parameters.AddWithValue(s.StripeStatus);
        cmd.Parameters.AddWithValue((object?)s.PriceId ?? DBNull.Value);
        cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset?> { TypedValue = s.CurrentPeriodEnd, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        cmd.Parameters.AddWithValue(s.CancelAtPeriodEnd);
        cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset?> { TypedValue = s.PastDueSince, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        cmd.Parameters.AddWithValue(s.StateAt);
        cmd.Parameters.AddWithValue(s.StateRank);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// How many webhook events were recorded for a tenant (diagnostics and tests).
    public async Task<IReadOnlyList<(string Id, string Type, string Outcome)>> EventsAsync(string tenantId, CancellationToken ct = default)
    {
        await using var cmd = DataSource.CreateCommand("select id, type, outcome from billing.stripe_events where tenant_id = $1 order by received_at");
        cmd.Parameters.AddWithValue(tenantId);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<(string, string, string)>();
        while (await r.ReadAsync(ct)) list.Add((r.GetString(0), r.GetString(1), r.GetString(2)));
        return list;
    }
}
