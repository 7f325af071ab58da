using KefuDesk.Features.Channels.Delivery;
using KefuDesk.Features.Channels.WeChat;
using KefuDesk.Features.Channels.Email;
using KefuDesk.Features.Conversations.Writing;

namespace KefuDesk.Features.Channels;

public static class ChannelsSetup
{
    /// <summary>The shared parts of every channel: accounts, secrets, the outbox and the delivery worker. Adapters add themselves.</summary>
    public static IServiceCollection AddChannels(this IServiceCollection services)
    {
        services.AddSingleton<ChannelSecrets>();
        services.AddSingleton<ChannelAdmin>();
        services.AddSingleton<DeliveryNudge>();
        services.AddSingleton<IWriteBatchHook, DeliveryOutbox>();
        services.AddSingleton<DeliveryWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<DeliveryWorker>());
        services.AddHttpClient("channels", c => c.Timeout = TimeSpan.FromSeconds(15));
        services.AddSingleton<ChannelFiles>();
        services.AddSingleton<IChannelAdapter, ImBridge.ImBridgeAdapter>();
        services.AddWeChatChannel();
        services.AddEmailChannel();
        return services;
    }

    public static IEndpointRouteBuilder MapChannels(this IEndpointRouteBuilder app)
    {
        app.MapChannelsApi();
        app.MapChannelFiles();
        ImBridge.ImBridgeWebhook.MapImBridgeWebhook(app);
        app.MapWeChatWebhook();
        return app;
    }
}
