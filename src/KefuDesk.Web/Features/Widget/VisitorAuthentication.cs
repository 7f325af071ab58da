using System.Security.Claims;
using System.Text.Encodings.Web;
using KefuDesk.Infrastructure.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace KefuDesk.Features.Widget;

/// <summary>
/// Authenticates widget calls by the visitor token: <c>Authorization: Bearer …</c>, or the
/// <c>access_token</c> query value on the buyer hub (browsers cannot set headers on WebSockets).
/// </summary>
public sealed class VisitorAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    VisitorTokens tokens,
    IStringLocalizer<SharedResource> text)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Visitor";
    public const string BuyerHubPath = "/hubs/buyer";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = TokenOf(Request);
        if (token is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var buyer = tokens.Read(token);
        if (buyer is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("The visitor token is not valid."));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(buyer.ToClaims(), SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => Refuse(KefuDeskError.Unauthenticated);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => Refuse(KefuDeskError.Forbidden);

    private Task Refuse(KefuDeskError error)
    {
        Response.StatusCode = error.Status;
        return Response.WriteAsJsonAsync(ProblemResponses.Problem(error, text), (System.Text.Json.JsonSerializerOptions?)null,
            "application/problem+json");
    }

    /// <summary>The visitor token a request carries, if any.</summary>
    public static string? TokenOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        return request.Path.StartsWithSegments(BuyerHubPath) ? request.Query["access_token"].FirstOrDefault() : null;
    }
}
