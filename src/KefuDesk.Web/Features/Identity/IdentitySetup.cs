using KefuDesk.Features.Widget;
using Microsoft.AspNetCore.Authentication;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Hosting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace KefuDesk.Features.Identity;

public static class IdentitySetup
{
    public const string SignInPath = "/account/sign-in";
    public const string AccessDeniedPath = "/account/access-denied";

    public static IHostApplicationBuilder AddKefuDeskIdentity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.AddAuthentication()
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, VisitorAuthenticationHandler>(
                VisitorAuthenticationHandler.SchemeName, null);

        services.AddIdentityCore<Agent>(o =>
            {
                o.Password.RequiredLength = 8;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = false;
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<KefuDeskDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<StaffClaimsFactory>()
            .AddDefaultTokenProviders();

        // Secure whenever the request is https, behind a proxy too (BehindProxy restores the scheme), or always if configured.
        var secure = builder.Configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>()?.SecureCookies == true
            ? CookieSecurePolicy.Always
            : CookieSecurePolicy.SameAsRequest;
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = secure);
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "kefudesk.staff";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = secure;
            o.LoginPath = SignInPath;
            o.AccessDeniedPath = AccessDeniedPath;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.Events.OnRedirectToLogin = ctx => ApiOrRedirect(ctx, KefuDeskError.Unauthenticated);
            o.Events.OnRedirectToAccessDenied = ctx => ApiOrRedirect(ctx, KefuDeskError.Forbidden);
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(StaffPolicies.Staff, p => p.RequireAuthenticatedUser().RequireRole(StaffRoles.All)
                .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme))
            .AddPolicy(StaffPolicies.Supervisor, p => p.RequireRole(StaffRoles.Supervisor, StaffRoles.Admin)
                .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme))
            .AddPolicy(StaffPolicies.Admin, p => p.RequireRole(StaffRoles.Admin)
                .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme))
            .AddPolicy(WidgetApi.BuyerPolicy, p => p.AddAuthenticationSchemes(VisitorAuthenticationHandler.SchemeName)
                .RequireClaim(BuyerIdentity.CustomerClaim));

        // A disabled account, a reset password or a changed role reach open sessions within a minute:
        // cookies are checked against the stamp (and their claims re-issued), live pages re-check too.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = StaffRevalidation.Interval);
        services.AddCascadingAuthenticationState();
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, StaffRevalidation>();
        services.AddScoped<StaffSignIn>();
        return builder;
    }

    /// <summary>APIs and hubs answer 401/403 with ProblemDetails; pages redirect to sign-in or the access-denied page.</summary>
    private static Task ApiOrRedirect(RedirectContext<CookieAuthenticationOptions> ctx, KefuDeskError error)
    {
        var path = ctx.Request.Path;
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs"))
        {
            var text = ctx.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
            ctx.Response.StatusCode = error.Status;
            return ctx.Response.WriteAsJsonAsync(ProblemResponses.Problem(error, text), (System.Text.Json.JsonSerializerOptions?)null,
                "application/problem+json");
        }

        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}
