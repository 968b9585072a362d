using Marten;
using Marten.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Hidamari.Tenancy;

public sealed record NewTenant(string Id, TenantKind Kind, string DisplayName, string Jurisdiction, string? Server = null);

public sealed class TenantAlreadyExistsException(string id) : Exception($"Tenant '{id}' already exists.");

/// <summary>
/// Creates a tenant while the portal runs: registry row, its own database on the chosen server, the Marten
/// schema applied, and only then <see cref="TenantStatus.Active"/>. A failure leaves the row in Provisioning;
/// calling again with the same id resumes.
/// </summary>
public sealed class TenantProvisioner(
    TenantRegistry registry,
    IDocumentStore store,
    IOptions<TenancyOptions> options,
    TimeProvider clock,
    ILogger<TenantProvisioner> logger)
{
    public async Task<TenantInfo> CreateAsync(NewTenant request, CancellationToken ct = default)
    {
        var errors = Validate(request);
        if (errors.Count > 0) throw new TenantRequestInvalidException(errors);

        var existing = await registry.FindAsync(request.Id, ct);
        if (existing is { Status: not TenantStatus.Provisioning }) throw new TenantAlreadyExistsException(request.Id);

        var tenant = existing ?? new TenantInfo(
            request.Id,
            request.Kind,
            request.DisplayName.Trim(),
            request.Jurisdiction.Trim(),
            request.Server ?? await ChooseServerAsync(ct),
            options.Value.DatabasePrefix + request.Id.Replace('-', '_'),
            TenantStatus.Provisioning,
            clock.GetUtcNow());

        if (existing is null && !await registry.TryAddAsync(tenant, ct)) throw new TenantAlreadyExistsException(request.Id);

        var serverConnection = options.Value.AllServers()[tenant.Server];
        await CreateDatabaseAsync(serverConnection, tenant.DatabaseName, ct);

        var tenancy = (MasterTableTenancy)store.Options.Tenancy;
        await tenancy.AddTenantAsync(tenant.Id, TenantConnectionString(serverConnection, tenant.DatabaseName));
        var database = await store.Storage.FindOrCreateDatabase(tenant.Id);
        await TenantSchema.ApplyAsync(database, ct);

        await registry.SetStatusAsync(tenant.Id, TenantStatus.Active, ct);
        logger.LogInformation("Tenant {TenantId} ({Kind}) provisioned on server {Server}", tenant.Id, tenant.Kind, tenant.Server);
        return tenant with { Status = TenantStatus.Active };
    }

    public static IReadOnlyList<string> Validate(NewTenant request)
    {
        var errors = new List<string>();
        if (!TenantIds.IsWellFormed(request.Id))
            errors.Add("テナントIDは英小文字で始まる2〜40文字の英小文字・数字・ハイフンです。 / The tenant id must be 2–40 lower-case letters, digits or hyphens, starting with a letter.");
        if (string.IsNullOrWhiteSpace(request.DisplayName) || request.DisplayName.Length > 100)
            errors.Add("名称は1〜100文字で入力してください。 / The name must be 1–100 characters.");
        if (string.IsNullOrWhiteSpace(request.Jurisdiction) || request.Jurisdiction.Length > 100)
            errors.Add("所管自治体は1〜100文字で入力してください。 / The jurisdiction must be 1–100 characters.");
        if (!Enum.IsDefined(request.Kind))
            errors.Add("種別が不正です。 / Unknown tenant kind.");
        return errors;
    }

    /// Connection string of a tenant database: the server's, with the pool bounded per tenant.
    public string TenantConnectionString(string serverConnection, string databaseName) =>
        new NpgsqlConnectionStringBuilder(serverConnection)
        {
            Database = databaseName,
            MaxPoolSize = options.Value.MaxPoolSizePerTenant,
            ConnectionIdleLifetime = options.Value.ConnectionIdleLifetimeSeconds,
        }.ConnectionString;

    private async Task<string> ChooseServerAsync(CancellationToken ct)
    {
        var servers = options.Value.AllServers().Keys;
        var counts = (await registry.ListAsync(ct)).GroupBy(t => t.Server).ToDictionary(g => g.Key, g => g.Count());
        return servers.OrderBy(s => counts.GetValueOrDefault(s)).ThenBy(s => s, StringComparer.Ordinal).First();
    }

    private static async Task CreateDatabaseAsync(string serverConnection, string databaseName, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(serverConnection) { Database = "postgres", Pooling = false };
        await using var conn = new NpgsqlConnection(builder.ConnectionString);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand($"create database {PlatformDatabase.Quote(databaseName)}", conn);
        try
        {
            await cmd.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Resuming an interrupted provisioning: the database is already there.
        }
    }
}

public sealed class TenantRequestInvalidException(IReadOnlyList<string> errors) : Exception(string.Join(" ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
