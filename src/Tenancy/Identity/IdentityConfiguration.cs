using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Validation.AspNetCore;

namespace Hidamari.Tenancy.Identity;

public sealed class IdentityKeyOptions
{
    public const string Section = "Hidamari:Identity";

    /// PEM-encoded RSA private keys for token signing and encryption. Required outside Development and Testing,
    /// and shared by every portal instance.
    public string? SigningKeyPem { get; set; }
    public string? EncryptionKeyPem { get; set; }

    /// How long an access token lives; short, because refresh tokens renew it.
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a validated bearer token and a person's or client's roles in a tenant are remembered per instance
    /// (<see cref="AccessCache"/>; never beyond the token's expiry). Every change to access made through the portal
    /// forgets them at once on every instance; the lifetime only bounds a change whose notification was lost.
    /// Zero turns the cache off.</summary>
    public TimeSpan AccessCacheLifetime { get; set; } = TimeSpan.FromSeconds(10);

    /// Redirect URIs of the first-party public client (authorization code + PKCE).
    public string[] PublicClientRedirectUris { get; set; } = ["http://127.0.0.1/callback", "http://localhost/callback"];
}

public static class IdentityConfiguration
{
    public const string PublicClientId = "hidamari-public";
    public const string OperatorPolicy = "operator";
    public const string ApiScheme = OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme;
    private const string SmartScheme = "hidamari";

    /// ASP.NET Core Identity (cookies for pages), OpenIddict (tokens for /api), Data Protection keys in PostgreSQL.
    public static IServiceCollection AddPlatformIdentity(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        // First of the identity services to start: the tables must exist before Data Protection reads its key ring.
        services.AddHostedService<IdentityStartup>();
        var connectionString = configuration.GetConnectionString("Hidamari") ?? configuration[$"{TenancyOptions.Section}:ConnectionString"] ?? "";
        services.AddSingleton<AccessCache>();
        services.AddSingleton<AccessChangeNotifier>();
        services.AddSingleton<AccessChangeInterceptor>();
        services.AddSingleton<AccessCommitInterceptor>();
        services.AddDbContextFactory<PlatformDbContext>((sp, o) =>
        {
            o.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__migrations", "identity"));
            o.UseOpenIddict();
            // Every change to users, memberships, API clients, tokens or authorizations forgets remembered access answers.
            o.AddInterceptors(sp.GetRequiredService<AccessChangeInterceptor>(), sp.GetRequiredService<AccessCommitInterceptor>());
        });
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<PlatformDbContext>>().CreateDbContext());

        services.AddDataProtection().SetApplicationName("hidamari").PersistKeysToDbContext<PlatformDbContext>();

        services.AddIdentity<PortalUser, IdentityRole>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.SignIn.RequireConfirmedAccount = false;
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddEntityFrameworkStores<PlatformDbContext>()
            .AddClaimsPrincipalFactory<PortalClaimsFactory>()
            .AddDefaultTokenProviders();

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/not-found";
            o.Cookie.Name = "hidamari.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = environment.IsProduction() ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            // The API never redirects to a sign-in page.
            o.Events.OnRedirectToLogin = ctx => Deny(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => Deny(ctx, StatusCodes.Status403Forbidden);
        });
        // A membership or password change elsewhere is noticed within a minute on every instance.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        // AddIdentity names the cookie as the default authenticate/challenge scheme; ours chooses by path instead.
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SmartScheme;
                o.DefaultAuthenticateScheme = SmartScheme;
                o.DefaultChallengeScheme = SmartScheme;
                o.DefaultForbidScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, "Cookie for pages, bearer token for the API", o =>
                o.ForwardDefaultSelector = SelectScheme)
            // OpenIddict's validation, with tokens validated moments ago remembered (AccessCache).
            .AddScheme<AuthenticationSchemeOptions, CachedBearerHandler>(CachedBearerHandler.SchemeName, o =>
            {
                o.ForwardChallenge = ApiScheme;
                o.ForwardForbid = ApiScheme;
            });

        var keys = configuration.GetSection(IdentityKeyOptions.Section).Get<IdentityKeyOptions>() ?? new IdentityKeyOptions();
        services.Configure<IdentityKeyOptions>(configuration.GetSection(IdentityKeyOptions.Section));
        services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<PlatformDbContext>())
            .AddServer(o =>
            {
                o.SetAuthorizationEndpointUris("/connect/authorize")
                    .SetTokenEndpointUris("/connect/token")
                    .SetRevocationEndpointUris("/connect/revoke");
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange()
                    .AllowClientCredentialsFlow()
                    .AllowRefreshTokenFlow();
                o.RegisterScopes(PortalScopes.Api, OpenIddict.Abstractions.OpenIddictConstants.Scopes.OfflineAccess);
                o.SetAccessTokenLifetime(keys.AccessTokenLifetime);
                o.SetRefreshTokenLifetime(TimeSpan.FromDays(14));
                // Rotation: every refresh token works once; a replayed one is refused (and revokes its chain).
                o.SetRefreshTokenReuseLeeway(TimeSpan.Zero);
                ConfigureKeys(o, keys, environment);
                var aspnet = o.UseAspNetCore().EnableAuthorizationEndpointPassthrough().EnableTokenEndpointPassthrough();
                if (!environment.IsProduction()) aspnet.DisableTransportSecurityRequirement();
            })
            .AddValidation(o =>
            {
                o.UseLocalServer();
                o.UseAspNetCore();
                // Revoked tokens and authorizations are refused at once, not when they expire.
                o.EnableTokenEntryValidation();
                o.EnableAuthorizationEntryValidation();
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(OperatorPolicy, p => p.RequireAuthenticatedUser().RequireClaim(PortalClaimsFactory.OperatorClaim, "true"));
        services.AddSingleton<IMailSender, SmtpMailSender>();
        services.Configure<MailOptions>(configuration.GetSection(MailOptions.Section));
        services.AddScoped<Memberships>();
        services.AddScoped<AuditLog>();
        services.AddScoped<Invitations>();
        services.AddScoped<ApiClients>();
        services.AddScoped<TenantAccess>();
        return services;
    }

    /// <summary>
    /// Pages use the sign-in cookie; the API uses bearer tokens. The one exception: a GET or HEAD under /api without an
    /// Authorization header may use the cookie, so that the pages' download links (exports, documents) work. Nothing that
    /// changes data is ever accepted on the cookie, so a cross-site form cannot write through the API.
    /// </summary>
    private static string SelectScheme(HttpContext http)
    {
        if (!http.Request.Path.StartsWithSegments("/api")) return IdentityConstants.ApplicationScheme;
        var safe = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method);
        return safe && !http.Request.Headers.ContainsKey("Authorization") ? IdentityConstants.ApplicationScheme : CachedBearerHandler.SchemeName;
    }

    private static Task Deny(RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    private static void ConfigureKeys(OpenIddictServerBuilder o, IdentityKeyOptions keys, IHostEnvironment environment)
    {
        if (!string.IsNullOrWhiteSpace(keys.SigningKeyPem) && !string.IsNullOrWhiteSpace(keys.EncryptionKeyPem))
        {
            o.AddSigningKey(RsaKey(keys.SigningKeyPem)).AddEncryptionKey(RsaKey(keys.EncryptionKeyPem));
        }
        else if (environment.IsDevelopment())
        {
            o.AddDevelopmentEncryptionCertificate().AddDevelopmentSigningCertificate();
        }
        else if (environment.IsEnvironment("Testing"))
        {
            o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
        }
        else
        {
            throw new InvalidOperationException(
                "Token keys are not configured: set Hidamari:Identity:SigningKeyPem and EncryptionKeyPem (PEM RSA private keys).");
        }
    }

    private static RsaSecurityKey RsaKey(string pem)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return new RsaSecurityKey(rsa);
    }
}
