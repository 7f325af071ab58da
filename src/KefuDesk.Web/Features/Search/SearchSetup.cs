using KefuDesk.Features.Search.Transcripts;
using KefuDesk.Features.Conversations.Writing;

namespace KefuDesk.Features.Search;

/// <summary>History search and transcripts: services and endpoints, one line each in the hosting setup.</summary>
public static class SearchSetup
{
    public static IServiceCollection AddHistorySearch(this IServiceCollection services)
    {
        services.AddSingleton<SearchIndexWriter>();
        services.AddSingleton<MessageSearch>();
        services.AddSingleton<TranscriptQueries>();

        services.AddSingleton<IWriteBatchHook, SearchIndexInBatch>();

        services.AddSingleton<SearchCatchUp>();
        services.AddHostedService(sp => sp.GetRequiredService<SearchCatchUp>());
        services.AddSingleton<SearchIndexUpkeep>();
        services.AddHostedService(sp => sp.GetRequiredService<SearchIndexUpkeep>());
        return services;
    }

    public static IEndpointRouteBuilder MapHistorySearch(this IEndpointRouteBuilder app)
    {
        app.MapSearchApi();
        app.MapTranscriptApi();
        return app;
    }
}
