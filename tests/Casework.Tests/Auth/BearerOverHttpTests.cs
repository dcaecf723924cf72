using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Casework.Auth;
using static Casework.Tests.Auth.TestTokens;
using Casework.Cases;

namespace Casework.Tests.Auth;

/// <summary>One Kestrel host on a loopback port, with the service's authentication, shared by the tests below.</summary>
public sealed class KestrelAuthHost : IAsyncLifetime
{
    private readonly AuthHost host = AuthHost.Create("Production", Settings());

    public Uri Address { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Address = await host.StartAsync();
        Client = new HttpClient { BaseAddress = Address };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await host.DisposeAsync();
    }
}

/// <summary>What a client sees: the status, the challenge and the problem details, through the whole ASP.NET Core pipeline.</summary>
public sealed class BearerOverHttpTests(KestrelAuthHost kestrel) : IClassFixture<KestrelAuthHost>
{
    private Task<HttpResponseMessage> GetAsync(string path, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return kestrel.Client.SendAsync(request);
    }

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
    }

    private static async Task AssertRejected(HttpResponseMessage response)
    {
        await AssertProblem(response, HttpStatusCode.Unauthorized);
        // No error_description: the reason is logged, not told.
        Assert.Equal("Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
    }

    /// <summary>A request written by hand, so that it can carry what HttpClient would merge or refuse.</summary>
    private async Task<string> RawStatusLineAsync(params string[] headerLines)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(kestrel.Address.Host, kestrel.Address.Port);
        await using var stream = tcp.GetStream();
        var request = $"GET /me HTTP/1.1\r\nHost: {kestrel.Address.Authority}\r\n{string.Concat(headerLines.Select(h => h + "\r\n"))}Connection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadLineAsync() ?? "";
    }

    [Fact]
    public async Task A_valid_token_reaches_the_endpoint_as_the_current_user()
    {
        var response = await GetAsync("/me", Es256(Claims()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var user = await response.Content.ReadFromJsonAsync<CurrentUser>();
        Assert.NotNull(user);
        Assert.Equal(UserId, user.Id);
        Assert.Equal("Jo Bloggs", user.Name);
        Assert.Equal(["st-thomas"], user.Tenants);
        Assert.Equal(["dsl", "staff"], user.Roles);
    }

    [Fact]
    public async Task Without_a_token_the_answer_is_401_with_the_bare_challenge_and_a_problem()
    {
        var response = await GetAsync("/me", null);

        await AssertProblem(response, HttpStatusCode.Unauthorized);
        // RFC 6750 3.1: a request without a token gets no error code.
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Another_authorization_scheme_is_no_token_at_all()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/me") { Headers = { Authorization = new("Basic", "am86c2VjcmV0") } };

        var response = await kestrel.Client.SendAsync(request);

        await AssertProblem(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task An_open_endpoint_answers_without_a_token()
    {
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/open", null)).StatusCode);
    }

    public static TheoryData<string> RejectedTokens => new()
    {
        "forged",
        "alg-none",
        "expired",
        "issued-in-the-future",
        "wrong-audience",
        "without-tenants",
        "without-roles",
        "unknown-role",
        "garbage",
    };

    [Theory]
    [MemberData(nameof(RejectedTokens))]
    public async Task A_rejected_token_is_401_invalid_token_with_a_problem(string kind)
    {
        using var stranger = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var token = kind switch
        {
            "forged" => Es256(Claims(), key: stranger),
            "alg-none" => $"{System.Buffers.Text.Base64Url.EncodeToString(Json(Header("none", null)))}.{System.Buffers.Text.Base64Url.EncodeToString(Json(Claims()))}.",
            "expired" => Rs256(Claims(c => c["exp"] = Now.AddMinutes(-5).ToUnixTimeSeconds())),
            "issued-in-the-future" => Rs256(Claims(c => c["iat"] = Now.AddMinutes(5).ToUnixTimeSeconds())),
            "wrong-audience" => Rs256(Claims(c => c["aud"] = "another-api")),
            "without-tenants" => Rs256(Claims(c => c.Remove("tenants"))),
            "without-roles" => Rs256(Claims(c => c.Remove("roles"))),
            "unknown-role" => Rs256(Claims(c => c["roles"] = new[] { "superuser" })),
            "garbage" => "not.a.token",
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        await AssertRejected(await GetAsync("/me", token));
    }

    [Fact]
    public async Task Two_Authorization_headers_are_401_even_when_both_carry_a_valid_token()
    {
        var token = Rs256(Claims());
        Assert.StartsWith("HTTP/1.1 200", await RawStatusLineAsync($"Authorization: Bearer {token}"), StringComparison.Ordinal);

        Assert.StartsWith("HTTP/1.1 401", await RawStatusLineAsync($"Authorization: Bearer {token}", $"Authorization: Bearer {token}"), StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 401", await RawStatusLineAsync($"Authorization: Bearer {token}, Bearer {token}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_Authorization_headers_are_refused_by_the_Bearer_scheme()
    {
        await using var host = AuthHost.Create("Production", Settings());
        var token = Rs256(Claims());

        var result = await host.AuthenticateWithHeadersAsync($"Bearer {token}", $"Bearer {token}");

        Assert.Equal(TokenRefusal.Malformed, Assert.IsType<CaseworkTokenException>(result.Failure).Reason);
    }

    [Fact]
    public async Task A_caller_without_the_required_role_is_403_with_a_problem()
    {
        var staff = Rs256(Claims(c => c["roles"] = new[] { Role.Staff.Name() }));

        await AssertProblem(await GetAsync(AuthHost.DslOnly, staff), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(AuthHost.DslOnly, Rs256(Claims()))).StatusCode);
    }
}
