using Hidamari.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Hidamari.Tests.Foundation;

/// <summary>
/// A singleton that holds a scoped service (a captive dependency) works in tests and breaks the portal in Development,
/// where the container validates scopes. Every test host validates scopes and the graph on build; this test also builds
/// every singleton made by a factory lambda (which validation on build cannot look into) from the root provider.
/// </summary>
[Trait("Category", "Foundation")]
public sealed class ServiceGraphTests(ServiceGraphTests.CapturingPortal portal) : IClassFixture<ServiceGraphTests.CapturingPortal>
{
    [Fact]
    public void No_singleton_depends_on_a_scoped_service()
    {
        var singletons = portal.Registrations
            .Where(d => d.Lifetime == ServiceLifetime.Singleton && !d.ServiceType.IsGenericTypeDefinition && !d.IsKeyedService)
            .Where(d => d.ImplementationFactory is not null || d.ImplementationType is not null)
            .Select(d => d.ServiceType)
            .Where(t => t.Assembly.GetName().Name!.StartsWith("Hidamari", StringComparison.Ordinal))
            .Distinct()
            .ToList();
        Assert.NotEmpty(singletons);

        var failures = new List<string>();
        foreach (var type in singletons)
        {
            try
            {
                Assert.NotNull(portal.Services.GetServices(type));
            }
            catch (InvalidOperationException e)
            {
                failures.Add($"{type.FullName}: {e.Message}");
            }
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void The_test_host_refuses_a_scoped_service_from_the_root_provider()
    {
        var scoped = portal.Registrations.First(d => d.Lifetime == ServiceLifetime.Scoped && !d.ServiceType.IsGenericTypeDefinition
            && d.ServiceType.Assembly.GetName().Name!.StartsWith("Hidamari", StringComparison.Ordinal)).ServiceType;
        Assert.Throws<InvalidOperationException>(() => portal.Services.GetService(scoped));
    }

    public sealed class CapturingPortal : PortalFactory
    {
        public IReadOnlyList<ServiceDescriptor> Registrations { get; private set; } = [];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => Registrations = [.. services]);
        }
    }
}
