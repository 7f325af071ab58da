using KefuDesk.Features.Channels.Delivery;

namespace KefuDesk.Features.Channels.Email;

public static class EmailSetup
{
    /// <summary>The email channel: the adapter (settings, replies by SMTP) and the inbox (mail in by IMAP).</summary>
    public static IServiceCollection AddEmailChannel(this IServiceCollection services)
    {
        services.AddSingleton<IChannelAdapter, EmailAdapter>();
        services.AddSingleton<MailImport>();
        services.AddSingleton<EmailInbox>();
        services.AddHostedService(sp => sp.GetRequiredService<EmailInbox>());
        return services;
    }
}
