using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Hidamari.Tenancy;

/// <summary>
/// Listens on the shared database for registry changes (<see cref="TenantRegistry.Channel"/>) and evicts the changed
/// tenant from this instance's cache, so that a closure, a maintenance window or a move decided on another instance
/// applies here at once rather than after <see cref="TenantRegistry.CacheLifetime"/>. When the connection drops, the
/// whole cache is forgotten on reconnecting (notifications sent meanwhile are lost); until then the cache lifetime bounds
/// the staleness as before. The same connection listens for access changes (<see cref="Identity.AccessCache.Channel"/>:
/// a membership, API client or token changed on some instance) and forgets this instance's remembered access answers.
/// </summary>
public sealed class TenantRegistryListener(PlatformDatabase platform, TenantRegistry registry, ILogger<TenantRegistryListener> logger, Identity.AccessCache? access = null)
    : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    /// Set once the instance listens; tests wait for it before changing the registry from elsewhere.
    public Task Listening => _listening.Task;

    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var conn = await platform.DataSource.OpenConnectionAsync(stoppingToken);
                conn.Notification += (_, e) =>
                {
                    if (e.Channel == Identity.AccessCache.Channel) access?.Changed();
                    else registry.Evict(e.Payload);
                };
                await using (var listen = new NpgsqlCommand($"listen {TenantRegistry.Channel}; listen {Identity.AccessCache.Channel}", conn))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                registry.EvictAll();
                access?.Changed();
                _listening.TrySetResult();
                while (!stoppingToken.IsCancellationRequested) await conn.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                registry.EvictAll();
                access?.Changed();
                logger.LogWarning("Tenant registry notifications interrupted ({Message}); cache lifetime applies until reconnected", e.Message);
                try { await Task.Delay(RetryDelay, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }
}
