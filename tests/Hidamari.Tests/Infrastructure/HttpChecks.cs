using System.Net;

namespace Hidamari.Tests.Infrastructure;

/// The two answers API tests read most: a 200 with a body, a 201 with the created resource.
public static class HttpChecks
{
    public static async Task<T> Get<T>(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadAsync<T>(TestContext.Current.CancellationToken))!;
    }

    public static async Task<T> Created<T>(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadAsync<T>(TestContext.Current.CancellationToken))!;
    }
}
