using KefuDesk.Features.Channels.Delivery;

namespace KefuDesk.Features.Channels.WeChat;

public static class WeChatSetup
{
    /// <summary>The 公众号 channel: its adapter for replies, the push inbox, the API client and the token cache.</summary>
    public static IServiceCollection AddWeChatChannel(this IServiceCollection services)
    {
        services.AddSingleton<WeChatTokens>();
        services.AddSingleton<WeChatApi>();
        services.AddSingleton<WeChatInbox>();
        services.AddSingleton<IChannelAdapter, WeChatAdapter>();
        return services;
    }
}
