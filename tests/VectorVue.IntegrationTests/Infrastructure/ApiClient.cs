using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace VectorVue.IntegrationTests.Infrastructure;

/// <summary>How the tests talk to the API: a body sent as is, with any content type, and the problem+json a refusal must be.</summary>
internal static class ApiClient
{
    public static Task<HttpResponseMessage> PostBodyAsync(
        this HttpClient client, string path, string body, string contentType = "application/json")
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return client.PostAsync(path, content);
    }

    /// <summary>Checks the answer is the precise problem: status, problem+json, <c>reason</c>, its <c>type</c>, a detail.</summary>
    /// <returns>The problem body, for further checks.</returns>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string reason)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(text).RootElement.Clone();
            Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
            Assert.Equal(reason, problem.GetProperty("reason").GetString());
            Assert.Equal("urn:vectorvue:problem:" + reason, problem.GetProperty("type").GetString());
            Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
            return problem;
        }
    }
}
