using System.Collections.Concurrent;
using System.Data.Common;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace Hidamari.Tenancy.Identity;

/// <summary>
/// Short-lived, per-instance memory of the two answers every authenticated request needs: whether a bearer token is
/// valid (its signature and encryption, and its entry in the token store) and which roles a person or API client holds
/// in a tenant. Without it an authenticated API read is three round trips and an RSA decryption; with it, one.
/// <para>
/// Correctness does not rest on the lifetime alone. Every change to the shared database made through
/// <see cref="PlatformDbContext"/> (a token or authorization revoked or deleted, an API client revoked, a membership
/// changed, a user changed) moves <see cref="Generation"/> forward, which forgets every answer at once on this instance
/// (<see cref="AccessChangeInterceptor"/>), and announces itself on <see cref="Channel"/>, which does the same on every
/// other instance (<see cref="TenantRegistryListener"/>). An answer is remembered with the generation read before it
/// was looked up, so one looked up while a change was being committed is never taken for current. The lifetime
/// (<see cref="IdentityKeyOptions.AccessCacheLifetime"/>, a few seconds; never beyond the token's own expiry) bounds
/// staleness only when a notification is lost (another instance's connection dropping) or a change bypasses EF Core.
/// </para>
/// </summary>
public sealed class AccessCache(IOptionsMonitor<IdentityKeyOptions> options, TimeProvider clock)
{
    public const string Channel = "hidamari_access_changed";

    /// Entries at most per map; beyond that the map is emptied (cheaper than eviction, and it refills on demand).
    private const int MaxEntries = 20_000;

    private readonly ConcurrentDictionary<string, Entry<ClaimsPrincipal>> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry<IReadOnlyList<string>>> _roles = new(StringComparer.Ordinal);
    private long _generation;

    private readonly record struct Entry<T>(T Value, long Generation, DateTimeOffset Until);

    /// Moves forward on every change that may affect access; answers remembered under an older one are not used.
    public long Generation => Interlocked.Read(ref _generation);

    public bool Enabled => options.CurrentValue.AccessCacheLifetime > TimeSpan.Zero;

    /// Forgets every answer (on this instance).
    public void Changed() => Interlocked.Increment(ref _generation);

    public bool TryGetPrincipal(string token, out ClaimsPrincipal principal) => TryGet(_tokens, token, out principal!);

    /// <summary>Remembers a validated token's principal until the lifetime or the token's expiry, whichever comes first.
    /// A principal without a known expiry is not remembered.</summary>
    public void RememberPrincipal(string token, ClaimsPrincipal principal, DateTimeOffset? expires, long generation)
    {
        if (expires is not { } tokenExpiry) return;
        Remember(_tokens, token, principal, generation, tokenExpiry);
    }

    public bool TryGetRoles(string key, out IReadOnlyList<string> roles) => TryGet(_roles, key, out roles!);

    public void RememberRoles(string key, IReadOnlyList<string> roles, long generation) =>
        Remember(_roles, key, roles, generation, DateTimeOffset.MaxValue);

    private bool TryGet<T>(ConcurrentDictionary<string, Entry<T>> map, string key, out T? value)
    {
        value = default;
        if (!Enabled || !map.TryGetValue(key, out var entry)) return false;
        if (entry.Generation != Generation || clock.GetUtcNow() >= entry.Until)
        {
            map.TryRemove(KeyValuePair.Create(key, entry));
            return false;
        }
        value = entry.Value;
        return true;
    }

    private void Remember<T>(ConcurrentDictionary<string, Entry<T>> map, string key, T value, long generation, DateTimeOffset notAfter)
    {
        var lifetime = options.CurrentValue.AccessCacheLifetime;
        if (lifetime <= TimeSpan.Zero || generation != Generation) return;
        var until = clock.GetUtcNow() + lifetime;
        if (notAfter < until) until = notAfter;
        if (map.Count >= MaxEntries) map.Clear();
        map[key] = new Entry<T>(value, generation, until);
    }
}

/// <summary>
/// Sees every command EF Core sends to the shared database (<see cref="PlatformDbContext"/>, which OpenIddict's stores,
/// ASP.NET Core Identity, memberships and API clients all use): anything but a query, and every commit, may change who
/// may do what, so it forgets this instance's remembered answers and tells the other instances
/// (<see cref="AccessChangeNotifier"/>). Commands in a transaction are announced when it commits.
/// </summary>
public sealed class AccessChangeInterceptor(AccessCache cache, AccessChangeNotifier notifier) : DbCommandInterceptor
{
    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Observe(command);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Observe(command);
        return ValueTask.FromResult(result);
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Observe(command);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Observe(command);
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Observe(command);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Observe(command);
        return ValueTask.FromResult(result);
    }

    private void Observe(DbCommand command)
    {
        if (!Changes(command.CommandText)) return;
        cache.Changed();
        // Outside a transaction the change is committed now; inside one, AccessCommitInterceptor announces it.
        if (command.Transaction is null) notifier.Announce();
    }

    /// Whether a command may change data: anything that is not a plain query (EF Core's tags come first as comments).
    internal static bool Changes(string sql)
    {
        var text = sql.AsSpan();
        while (true)
        {
            text = text.TrimStart();
            if (!text.StartsWith("--", StringComparison.Ordinal)) break;
            var end = text.IndexOf('\n');
            if (end < 0) return false;
            text = text[(end + 1)..];
        }
        return !text.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase);
    }
}

/// A commit on the shared database through EF Core: what it changed is now visible to every instance.
public sealed class AccessCommitInterceptor(AccessCache cache, AccessChangeNotifier notifier) : DbTransactionInterceptor
{
    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        cache.Changed();
        notifier.Announce();
    }

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        cache.Changed();
        notifier.Announce();
        return Task.CompletedTask;
    }
}

/// <summary>
/// Tells every portal instance (this one included) that access may have changed: <c>NOTIFY</c> on
/// <see cref="AccessCache.Channel"/> in the shared database, sent after the change committed, in the background and
/// coalesced (changes announced while one notification is on its way share the next one).
/// </summary>
public sealed class AccessChangeNotifier(PlatformDatabase platform, ILogger<AccessChangeNotifier> logger)
{
    private int _pending;
    private int _running;

    public void Announce()
    {
        Interlocked.Exchange(ref _pending, 1);
        if (Interlocked.CompareExchange(ref _running, 1, 0) == 0) _ = Task.Run(SendAsync);
    }

    private async Task SendAsync()
    {
        try
        {
            while (Interlocked.Exchange(ref _pending, 0) == 1)
            {
                try
                {
                    await using var cmd = platform.DataSource.CreateCommand($"select pg_notify('{AccessCache.Channel}', '')");
                    await cmd.ExecuteNonQueryAsync();
                }
                catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or ObjectDisposedException or InvalidOperationException)
                {
                    logger.LogWarning("Could not announce an access change to other instances ({Message}); their caches expire on their own", e.Message);
                }
            }
        }
        finally
        {
            Interlocked.Exchange(ref _running, 0);
            // A change announced between the last check and clearing _running still gets its notification.
            if (Volatile.Read(ref _pending) == 1 && Interlocked.CompareExchange(ref _running, 1, 0) == 0) _ = Task.Run(SendAsync);
        }
    }
}

/// <summary>
/// Bearer tokens for the API: a token this instance validated moments ago is taken from <see cref="AccessCache"/>;
/// anything else (no token, an unknown, expired, revoked or tampered one) goes to OpenIddict's validation, whose
/// answer (and challenge and forbid responses) the caller gets unchanged.
/// </summary>
public sealed class CachedBearerHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AccessCache cache)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "hidamari-bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        var token = header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
        if (string.IsNullOrEmpty(token) || !cache.Enabled) return await Context.AuthenticateAsync(IdentityConfiguration.ApiScheme);

        if (cache.TryGetPrincipal(token, out var known))
            // A copy: the request may add to its principal, the next one must not see that.
            return AuthenticateResult.Success(new AuthenticationTicket(known.Clone(), IdentityConfiguration.ApiScheme));

        var generation = cache.Generation;
        var result = await Context.AuthenticateAsync(IdentityConfiguration.ApiScheme);
        if (result.Succeeded && result.Principal is { } principal)
        {
            var expires = principal.GetExpirationDate() ?? result.Properties?.ExpiresUtc;
            if (result.Properties?.ExpiresUtc is { } propertiesExpiry && (expires is null || propertiesExpiry < expires)) expires = propertiesExpiry;
            cache.RememberPrincipal(token, principal.Clone(), expires, generation);
        }
        return result;
    }
}
