using System.Net;
using System.Net.Sockets;
using VectorVue.IntegrationTests.Infrastructure;

namespace VectorVue.IntegrationTests;

/// <summary>
/// Local mode serves a single API process, Redis and PostgreSQL without DCP's proxy: the endpoint's port is the port
/// the process itself listens on, chosen free by the AppHost when the configured port is 0 (as here). On the fault
/// app, which runs one API replica.
/// </summary>
[Collection(FaultAppGroup.Name)]
public sealed class LocalEndpointTests(FaultAppFixture fixture)
{
    [Theory]
    [InlineData("telemetry-api", "http")]
    [InlineData("redis", "tcp")]
    [InlineData("postgres", "tcp")]
    public async Task The_endpoint_is_the_process_itself(string resourceName, string endpointName)
    {
        var resource = fixture.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == resourceName);
        var endpoint = resource.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == endpointName);
        Assert.False(endpoint.IsProxied);
        Assert.Equal(endpoint.Port, endpoint.TargetPort);

        var url = fixture.App.GetEndpoint(resourceName, endpointName);
        Assert.Equal(endpoint.Port, url.Port);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, url.Port).WaitAsync(TestTimeouts.Request);
    }

    [Fact]
    public async Task The_api_answers_on_its_own_port()
    {
        using var client = fixture.App.CreateHttpClient("telemetry-api", "http");
        using var response = await client.GetAsync("/health").WaitAsync(TestTimeouts.Request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
