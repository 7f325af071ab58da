using System.Security.Claims;
using KefuDesk.Features.Identity;
using KefuDesk.Features.Widget;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Conversations.Attachments;

/// <summary>
/// Uploads (multipart, field <c>file</c>) and downloads of images and files. Staff use their cookie
/// (SameSite=Lax keeps other sites' forms out), buyers their visitor token.
/// </summary>
public static class AttachmentsApi
{
    private const long RequestLimit = AttachmentRules.MaxFileBytes + (1024 * 1024);

    public static IEndpointRouteBuilder MapAttachmentsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/conversations/{id:guid}/attachments", StaffUpload)
            .RequireAuthorization(StaffPolicies.Staff).WithTags("Conversations").WithName("UploadAttachment")
            .WithSummary("Upload an image (jpeg, png, gif, webp; 10 MB) or file (pdf, txt, csv, zip, Office; 20 MB); send it with attachmentId")
            .DisableAntiforgery().WithMetadata(new RequestSizeLimitAttribute(RequestLimit))
            .Accepts<IFormFile>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        app.MapGet("/api/attachments/{id:guid}", StaffDownload)
            .RequireAuthorization(StaffPolicies.Staff).WithTags("Conversations").WithName("DownloadAttachment")
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapPost("/api/widget/attachments", BuyerUpload)
            .RequireAuthorization(WidgetApi.BuyerPolicy).WithTags("Widget").WithName("UploadBuyerAttachment")
            .WithSummary("A buyer uploads an image or file; send it with attachmentId")
            .DisableAntiforgery().WithMetadata(new RequestSizeLimitAttribute(RequestLimit))
            .Accepts<IFormFile>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        app.MapGet("/api/widget/attachments/{id:guid}", BuyerDownload)
            .RequireAuthorization(WidgetApi.BuyerPolicy).WithTags("Widget").WithName("DownloadBuyerAttachment")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Ok<AttachmentInfo>> StaffUpload(Guid id, HttpRequest request, ClaimsPrincipal user, Attachments attachments,
        IDbContextFactory<KefuDeskDbContext> dbFactory, CancellationToken ct)
    {
        var staff = user.Access();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var shopId = await db.Conversations.Where(c => c.Id == id).Select(c => (Guid?)c.ShopId).FirstOrDefaultAsync(ct)
            ?? throw new KefuDeskException(KefuDeskError.ConversationNotFound);
        return TypedResults.Ok(await attachments.UploadAsync(AttachmentParty.Staff(staff.AgentId, staff.ShopIds), shopId, await FileOf(request, ct), ct));
    }

    private static async Task<Ok<AttachmentInfo>> BuyerUpload(HttpRequest request, ClaimsPrincipal user, Attachments attachments, CancellationToken ct)
    {
        var buyer = BuyerIdentity.From(user);
        return TypedResults.Ok(await attachments.UploadAsync(AttachmentParty.Buyer(buyer.CustomerId, buyer.ShopId), buyer.ShopId, await FileOf(request, ct), ct));
    }

    private static async Task<IResult> StaffDownload(Guid id, ClaimsPrincipal user, Attachments attachments, HttpResponse response, CancellationToken ct)
    {
        var staff = user.Access();
        return Serve(await attachments.OpenAsync(AttachmentParty.Staff(staff.AgentId, staff.ShopIds), id, ct), response);
    }

    private static async Task<IResult> BuyerDownload(Guid id, ClaimsPrincipal user, Attachments attachments, HttpResponse response, CancellationToken ct)
    {
        var buyer = BuyerIdentity.From(user);
        return Serve(await attachments.OpenAsync(AttachmentParty.Buyer(buyer.CustomerId, buyer.ShopId), id, ct), response);
    }

    private static async Task<IFormFile> FileOf(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            throw new KefuDeskException(KefuDeskError.AttachmentInvalid, "multipart/form-data with a 'file' field");
        }

        var form = await request.ReadFormAsync(ct);
        return form.Files.GetFile("file") ?? throw new KefuDeskException(KefuDeskError.AttachmentInvalid, "a 'file' field");
    }

    /// <summary>Images show in place; anything else downloads, named by its sniffed type (older rows too). Never sniffed, never run.</summary>
    private static IResult Serve((Attachment Attachment, Stream Content) found, HttpResponse response)
    {
        var (attachment, content) = found;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        response.Headers.CacheControl = "private, max-age=86400, immutable";
        return attachment.IsImage
            ? Results.Stream(content, attachment.ContentType, enableRangeProcessing: true)
            : Results.Stream(content, attachment.ContentType, AttachmentRules.NameFor(attachment.FileName, attachment.ContentType), enableRangeProcessing: true);
    }
}
