using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Conversations.Surveys;

/// <summary>
/// The survey invitation on channels without our widget (email, IM, WeChat): a link to a small
/// page where the buyer rates. The token names the survey and expires after a week; it is
/// protected with the cluster's keys, so it cannot be guessed or made for another survey.
/// </summary>
public sealed class SurveyLinks(IDataProtectionProvider protection, PublicAddress address, IDbContextFactory<KefuDeskDbContext> dbFactory,
    ConversationWriter writer)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("KefuDesk.SurveyLink.v1").ToTimeLimitedDataProtector();

    public string LinkFor(Guid surveyId) => address.For($"/rate/{_protector.Protect(surveyId.ToString("N"), Lifetime)}").ToString();

    /// <summary>The survey behind a link, or null when the link is broken or expired.</summary>
    public async Task<SatisfactionSurvey?> FindAsync(string token, CancellationToken ct)
    {
        if (Open(token) is not { } id)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.SatisfactionSurveys.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
    }

    public async Task<SurveyCard> AnswerAsync(string token, SatisfactionRating rating, string? comment, CancellationToken ct)
    {
        var survey = await FindAsync(token, ct) ?? throw new KefuDeskException(KefuDeskError.SurveyNotFound);
        var buyer = new LiveThread(survey.ShopId, survey.CustomerId, survey.Channel, "");
        return await writer.ExecuteAsync(new AnswerSurvey(buyer, survey.Id, rating, comment), ct);
    }

    private Guid? Open(string token)
    {
        try
        {
            return Guid.TryParseExact(_protector.Unprotect(token), "N", out var id) ? id : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
