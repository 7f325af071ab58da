using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KefuDesk.Features.Conversations.Attachments;
using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Features.Channels.WeChat;

/// <summary>A file fetched from WeChat: its bytes and what WeChat called it.</summary>
public sealed record WeChatMedia(byte[] Content, string? ContentType, string? FileName);

/// <summary>
/// The few WeChat APIs KefuDesk calls: 客服消息 (message/custom/send), 新增临时素材 (media/upload) and
/// 获取临时素材 (media/get). Every call carries an access_token; when WeChat calls it invalid or
/// expired (40001, 40014, 42001) the token is fetched again and the call made once more. Any other
/// errcode fails the call with WeChat's code and words.
/// </summary>
public sealed class WeChatApi(IHttpClientFactory http, WeChatTokens tokens)
{
    /// <summary>WeChat reads Chinese as-is: no \u escapes, snake_case names as written.</summary>
    private static readonly JsonSerializerOptions PlainJson = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Sends one 客服消息: <c>{"touser": openid, "msgtype": "text", "text": {"content": "…"}}</c> and the like.</summary>
    public Task SendAsync(WeChatSettings settings, string appSecret, object message, CancellationToken ct) =>
        CallAsync(settings, appSecret, token => new HttpRequestMessage(HttpMethod.Post, settings.Api($"cgi-bin/message/custom/send?access_token={Uri.EscapeDataString(token)}"))
        {
            Content = JsonContent.Create(message, options: PlainJson),
        }, async response =>
        {
            using var answer = await ReadJsonAsync(response, ct);
            WeChatApiException.ThrowIfError(answer.RootElement, "message/custom/send");
            return true;
        }, ct);

    /// <summary>Uploads an image as temporary material (kept 3 days by WeChat); returns its media_id.</summary>
    public Task<string> UploadImageAsync(WeChatSettings settings, string appSecret, string fileName, string contentType, byte[] content,
        CancellationToken ct) =>
        CallAsync(settings, appSecret, token =>
        {
            var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(content);
            file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            form.Add(file, "media", fileName);
            return new HttpRequestMessage(HttpMethod.Post, settings.Api($"cgi-bin/media/upload?access_token={Uri.EscapeDataString(token)}&type=image"))
            {
                Content = form,
            };
        }, async response =>
        {
            using var answer = await ReadJsonAsync(response, ct);
            WeChatApiException.ThrowIfError(answer.RootElement, "media/upload");
            return answer.RootElement.TryGetProperty("media_id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } mediaId
                ? mediaId
                : throw new WeChatApiException(-1, "media/upload: no media_id in the answer");
        }, ct);

    /// <summary>Downloads what a buyer sent (temporary material, kept 3 days by WeChat).</summary>
    public Task<WeChatMedia> DownloadMediaAsync(WeChatSettings settings, string appSecret, string mediaId, CancellationToken ct) =>
        CallAsync(settings, appSecret,
            token => new HttpRequestMessage(HttpMethod.Get,
                settings.Api($"cgi-bin/media/get?access_token={Uri.EscapeDataString(token)}&media_id={Uri.EscapeDataString(mediaId)}")),
            response => ReadMediaAsync(response, "media/get", ct), ct);

    /// <summary>Downloads a picture from its PicUrl, when media/get could not give it.</summary>
    public async Task<WeChatMedia> DownloadAsync(Uri url, CancellationToken ct)
    {
        using var response = await http.CreateClient("channels").GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
        return await ReadMediaAsync(response, "PicUrl", ct);
    }

    private async Task<T> CallAsync<T>(WeChatSettings settings, string appSecret, Func<string, HttpRequestMessage> request,
        Func<HttpResponseMessage, Task<T>> read, CancellationToken ct)
    {
        var token = await tokens.GetAsync(settings, appSecret, ct);
        try
        {
            return await SendAsync(request(token), read, ct);
        }
        catch (WeChatApiException stale) when (stale.IsTokenProblem)
        {
            tokens.Forget(settings, appSecret, token);
            return await SendAsync(request(await tokens.GetAsync(settings, appSecret, ct)), read, ct);
        }
    }

    private async Task<T> SendAsync<T>(HttpRequestMessage request, Func<HttpResponseMessage, Task<T>> read, CancellationToken ct)
    {
        using (request)
        {
            using var response = await http.CreateClient("channels").SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"WeChat {request.RequestUri!.AbsolutePath} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }

            return await read(response);
        }
    }

    /// <summary>A file, unless WeChat answered with an error in JSON; bounded by the largest image we keep.</summary>
    private static async Task<WeChatMedia> ReadMediaAsync(HttpResponseMessage response, string call, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"WeChat {call} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }

        var type = response.Content.Headers.ContentType?.MediaType;
        if (type is "application/json" or "text/plain")
        {
            using var answer = await ReadJsonAsync(response, ct);
            WeChatApiException.ThrowIfError(answer.RootElement, call);
            throw new WeChatApiException(-1, $"{call}: no file in the answer");
        }

        if (response.Content.Headers.ContentLength > AttachmentRules.MaxImageBytes)
        {
            throw new KefuDeskException(KefuDeskError.AttachmentTooLarge);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > AttachmentRules.MaxImageBytes)
            {
                throw new KefuDeskException(KefuDeskError.AttachmentTooLarge);
            }
        }

        var name = response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"');
        return new WeChatMedia(buffer.ToArray(), type, name);
    }

    /// <summary>WeChat's answers are JSON (sometimes sent as text/plain); one that is not is an error too.</summary>
    internal static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
        }
        catch (JsonException)
        {
            throw new WeChatApiException(-1, "the answer is not JSON");
        }
    }
}
