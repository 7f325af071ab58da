using KefuDesk.Features.Audit;
using KefuDesk.Components;
using KefuDesk.Features.Admin;
using KefuDesk.Features.AfterSales.Complaints;
using KefuDesk.Features.AfterSales.Reviews;
using KefuDesk.Features.AfterSales;
using KefuDesk.Features.Channels;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Attachments;
using KefuDesk.Features.Conversations.Categories;
using KefuDesk.Features.Conversations.Details;
using KefuDesk.Features.Conversations.Realtime;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Customers;
using KefuDesk.Features.Demo;
using KefuDesk.Features.Identity;
using KefuDesk.Features.Phone;
using KefuDesk.Features.Routing;
using KefuDesk.Features.Search;
using KefuDesk.Features.Shop;
using KefuDesk.Features.Shop.Orders;
using KefuDesk.Features.Shop.Products;
using KefuDesk.Features.Widget;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Events;
using KefuDesk.Infrastructure.Localization;
using KefuDesk.Infrastructure.RateLimiting;
using KefuDesk.Infrastructure.Realtime;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.SignalR;
using MudBlazor.Services;
using Scalar.AspNetCore;

namespace KefuDesk.Infrastructure.Hosting;

/// <summary>All of KefuDesk's wiring, so Program.cs stays a few lines.</summary>
public static class KefuDeskHosting
{
    public static WebApplicationBuilder AddKefuDesk(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // Serve wwwroot and package assets straight from the build output in every environment
        // (a no-op for a published app, which carries them in its own wwwroot).
        builder.WebHost.UseStaticWebAssets();
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        // Structured JSON logs (Logging:Console:FormatterName=json) carry full UTC timestamps for log collectors.
        services.Configure<Microsoft.Extensions.Logging.Console.JsonConsoleFormatterOptions>(o =>
        {
            o.TimestampFormat = "O";
            o.UseUtcTimestamp = true;
            o.IncludeScopes = true;
        });
        services.Configure<KefuDeskOptions>(builder.Configuration.GetSection(KefuDeskOptions.Section));
        services.AddOptions<Spreadsheets.SheetLimits>().Bind(builder.Configuration.GetSection(Spreadsheets.SheetLimits.Section))
            .Validate(l => l.IsValid, $"{Spreadsheets.SheetLimits.Section}: every limit must be more than 0").ValidateOnStart();
        services.AddSingleton(TimeProvider.System);

        builder.AddProxyTrust();
        builder.AddKefuDeskData();
        builder.AddKefuDeskIdentity();
        services.AddDataProtection().SetApplicationName("KefuDesk").PersistKeysToDbContext<KefuDeskDbContext>();
        services.AddKefuDeskLocalization();
        services.AddMemoryCache();
        // Chinese pages as Chinese text, not &#x...; escapes (still HTML-safe: <, >, &, quotes are encoded).
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));

        services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemResponses.Explain);
        services.AddExceptionHandler<ProblemResponses>();
        // Bad input to an endpoint becomes an exception in every environment, so it gets our clear ProblemDetails.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o => JsonDefaults.ApplyForInput(o.SerializerOptions));
        services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "KefuDesk API";
            doc.Info.Description = "REST API of KefuDesk, the customer-service platform for online shops. Staff endpoints use the " +
                                   "sign-in cookie (POST /api/auth/sign-in); widget endpoints use the visitor token as a Bearer token.";
            return Task.CompletedTask;
        }));
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");

        AddRealtime(builder);
        AddConversations(services);
        services.AddChannels();
        services.AddPhone();
        services.AddHistorySearch();
        services.AddOrderActions();
        services.AddComplaints();
        services.AddReviews();
        services.AddShopData();

        services.AddRazorComponents().AddInteractiveServerComponents();
        // Toasts at the bottom left: top right they covered the workspace's 客户/记录 tabs and the thread's actions.
        services.AddMudServices(mud => mud.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomLeft);
        services.AddScoped<StaffSetup>();
        services.AddScoped<DemoData>();
        services.AddSingleton<ShopDirectory>();
        services.AddSingleton<CustomerProfiles>();
        services.AddSingleton<TeamQueries>();
        services.AddSingleton<LockedAccounts>();
        services.AddScoped<TeamAdmin>();
        services.AddSingleton<KefuDesk.Features.Audit.AuditLog>();
        services.AddSingleton<VisitorTokens>();
        services.AddSingleton<PublicAddress>();
        services.AddSingleton<WidgetSettings>();
        services.AddSingleton<WidgetSessions>();
        services.AddSingleton<ShopSettings>();
        services.AddSingleton<CustomerDirectory>();
        services.AddKefuDeskRateLimits();
        services.AddSingleton<BuyerFloodGuard>();
        services.AddSingleton<FirstMessageGuard>();
        services.AddRoutingFeature(builder.Configuration);
        services.AddAfterSales(builder.Configuration);
        services.AddHostedService<DemoBanner>();
        return builder;
    }

    public static WebApplication MapKefuDesk(this WebApplication app)
    {
        // The scheme, host and address people used, before anything looks at them.
        app.UseForwardedHeaders();
        app.UseMiddleware<SecurityHeaders>(); // first, so every answer has them, error pages included
        // Culture first, so error responses written further out speak the caller's language too.
        app.UseRequestLocalization();
        app.UseExceptionHandler();
        // Programs get ProblemDetails for an empty error response; people get a page.
        app.UseWhen(IsForPrograms, api => api.UseStatusCodePages());
        app.UseWhen(http => !IsForPrograms(http), pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        app.UseMiddleware<Features.Widget.WidgetCors>(); // before routing: preflights have no route of their own
        app.UseRouting(); // after the re-execution above, so the not-found page is routed afresh
        app.UseMiddleware<StaffOrigin>(); // after routing: signed webhooks are known by their endpoint
        app.UseRateLimiter(); // after routing: limits are per endpoint
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteHealth });
        app.MapOpenApi();
        app.MapScalarApiReference(o => o.DisableDefaultFonts()); // its fonts come from its CDN, which the page policy (and an intranet) does not reach

        app.MapAuthApi();
        app.MapConversationsApi();
        app.MapConversationActionsApi();
        app.MapConversationDetailsApi();
        app.MapConsultationCategoriesApi();
        app.MapAttachmentsApi();
        app.MapChannels();
        app.MapPhone();
        app.MapWidgetApi();
        app.MapAgentsApi();
        app.MapAuditApi();
        app.MapShopSettingsApi();
        app.MapCustomersApi();
        app.MapOrdersApi();
        app.MapProductsApi();
        app.MapHistorySearch();
        app.MapComplaints();
        app.MapReviews();
        app.MapShopData();
        app.MapRoutingApi();
        app.MapAfterSales();
        app.MapWidgetScript();
        app.MapDemoShop();
        app.MapCultureSwitch();
        app.MapSignOut();
        app.MapHub<BuyerHub>(BuyerHub.Path);
        app.MapHub<AgentHub>(AgentHub.Path);

        // SecurityHeaders carries the framework's frame-ancestors guard inside the one page policy.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);
        return app;
    }

    private static void AddRealtime(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<HubRefusalLog>();
        services.AddSingleton<ConnectionGauge>();
        if (builder.Configuration.GetValue("KefuDesk:Realtime:ReturnMemoryAfterDisconnects", true))
        {
            services.AddHostedService<MemoryAfterDisconnects>();
        }
        if (builder.Configuration[$"Logging:LogLevel:{HubErrorFilter.QuietCategory}"] is null)
        {
            // HubErrorFilter logs refusals (rate-limited) and faults itself; SignalR would log both as errors.
            builder.Logging.AddFilter(HubErrorFilter.QuietCategory, LogLevel.None);
        }

        var signalR = services.AddSignalR(o =>
            {
                o.MaximumReceiveMessageSize = 64 * 1024;
                o.AddFilter<HubErrorFilter>();
                o.AddFilter<ConnectionGauge>();
            })
            .AddJsonProtocol(o => JsonDefaults.Apply(o.PayloadSerializerOptions));

        services.AddSingleton<WorkspaceFeed>();
        var redis = builder.Configuration["Redis:Configuration"];
        if (string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton<IWorkspaceFeedTransport, LocalWorkspaceFeedTransport>();
            return;
        }

        // Several nodes: hub groups and workspace notices travel through Redis.
        signalR.AddStackExchangeRedis(redis, o => o.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal("kefudesk"));
        services.AddSingleton(new RedisConnection(redis));
        services.AddSingleton<RedisWorkspaceFeedTransport>();
        services.AddSingleton<IWorkspaceFeedTransport>(sp => sp.GetRequiredService<RedisWorkspaceFeedTransport>());
        services.AddHostedService(sp => sp.GetRequiredService<RedisWorkspaceFeedTransport>());
    }

    private static void AddConversations(IServiceCollection services)
    {
        services.AddSingleton<EventDispatcher>();
        services.AddSingleton<IEventPublisher>(sp => sp.GetRequiredService<EventDispatcher>());
        services.AddHostedService(sp => sp.GetRequiredService<EventDispatcher>());

        services.AddSingleton<ConversationWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<ConversationWriter>());
        services.AddSingleton<ConversationQueries>();

        services.AddSingleton<ConversationDetails>();
        services.AddSingleton<ConsultationCategories>();
        services.AddSingleton<ConversationTyping>();
        services.AddSingleton<IAttachmentStore, LocalDiskAttachmentStore>();
        services.AddSingleton<Attachments>();
        services.AddSingleton<Features.Conversations.Surveys.SurveyLinks>();
        services.AddSingleton<ConversationHousekeeping>();
        services.AddHostedService(sp => sp.GetRequiredService<ConversationHousekeeping>());

        services.AddSingleton<ConversationPushes>();
        services.AddEventHandlers<ConversationPushes>();
    }

    private static bool IsForPrograms(HttpContext http) =>
        http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments("/hubs");

    private static Task WriteHealth(HttpContext http, Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport report) =>
        http.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description }),
        });
}
