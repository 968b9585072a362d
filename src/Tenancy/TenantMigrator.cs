using System.Diagnostics;
using Marten;
using Marten.Storage;
using Microsoft.Extensions.Logging;
using Weasel.Core;

namespace Hidamari.Tenancy;

public enum MigrationOutcome
{
    UpToDate,
    Migrated,
    Failed,
}

public sealed record TenantMigrationResult(string TenantId, string Location, MigrationOutcome Outcome, int VersionBefore, string Detail, TimeSpan Took);

public sealed record MigrationSummary(IReadOnlyList<TenantMigrationResult> Results)
{
    public int UpToDate => Results.Count(r => r.Outcome == MigrationOutcome.UpToDate);
    public int Migrated => Results.Count(r => r.Outcome == MigrationOutcome.Migrated);
    public int Failed => Results.Count(r => r.Outcome == MigrationOutcome.Failed);

    public override string ToString() => $"{Results.Count} tenant databases: {UpToDate} up to date, {Migrated} migrated, {Failed} failed";
}

/// <summary>
/// Brings every tenant database to the schema this build configures (Marten applies its schema to tenants added at
/// runtime only lazily, per document type). For each tenant: compare Marten's configured schema with the database
/// (Weasel's migration diff) and the recorded <see cref="TenantSchema"/> version; apply and record when either is
/// behind. Safe to rerun: a second run finds nothing to do. One tenant failing does not stop the others.
/// </summary>
public sealed class TenantMigrator(TenantRegistry registry, IDocumentStore store, TenantDatabases databases, TenantSchemaGate gate, ILogger<TenantMigrator> logger)
{
    public async Task<MigrationSummary> MigrateAllAsync(int parallelism, Action<TenantMigrationResult>? progress, CancellationToken ct)
    {
        var tenants = (await registry.ListAsync(ct))
            .Where(t => t.Status is TenantStatus.Active or TenantStatus.Maintenance)
            .OrderBy(t => t.Id, StringComparer.Ordinal)
            .ToList();
        var results = new List<TenantMigrationResult>(tenants.Count);
        var gateLock = new object();
        await Parallel.ForEachAsync(tenants, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = ct },
            async (tenant, token) =>
            {
                var result = await MigrateAsync(tenant, token);
                lock (gateLock)
                {
                    results.Add(result);
                    progress?.Invoke(result);
                }
            });
        return new MigrationSummary(results.OrderBy(r => r.TenantId, StringComparer.Ordinal).ToList());
    }

    public async Task<TenantMigrationResult> MigrateAsync(TenantInfo tenant, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var location = tenant.Server + "/" + tenant.DatabaseName;
        var before = 0;
        try
        {
            // The registry is the truth about where a tenant lives; make sure Marten agrees before touching it.
            await databases.PointAtAsync(tenant, ct);
            var database = await store.Storage.FindOrCreateDatabase(tenant.Id);
            before = await TenantSchema.ReadVersionAsync(database, ct);
            var migration = await database.CreateMigrationAsync(ct);
            if (migration.Difference == SchemaPatchDifference.None && before == TenantSchema.CurrentVersion)
                return new(tenant.Id, location, MigrationOutcome.UpToDate, before, $"version {before}", watch.Elapsed);

            var changed = migration.Deltas.Where(d => d.Difference != SchemaPatchDifference.None).Select(d => d.SchemaObject.Identifier.QualifiedName).ToList();
            await TenantSchema.ApplyAsync(database, ct);
            gate.Forget(tenant.Id);
            var detail = $"version {before} → {TenantSchema.CurrentVersion}" + (changed.Count > 0 ? $"; {changed.Count} schema objects changed" : "");
            return new(tenant.Id, location, MigrationOutcome.Migrated, before, detail, watch.Elapsed);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Migrating tenant {TenantId} failed", tenant.Id);
            return new(tenant.Id, location, MigrationOutcome.Failed, before, e.GetType().Name + ": " + e.Message, watch.Elapsed);
        }
    }
}
