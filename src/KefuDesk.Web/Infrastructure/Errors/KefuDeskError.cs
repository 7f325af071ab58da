namespace KefuDesk.Infrastructure.Errors;

/// <summary>
/// An error a user can act on: a stable code for programs, an HTTP status, and a message looked up
/// in the resource files under <c>Error.{Code}</c> (zh-CN default, en).
/// </summary>
public sealed record KefuDeskError(string Code, int Status)
{
    public static readonly KefuDeskError PayloadInvalid = new("payload_invalid", 400);
    public static readonly KefuDeskError MessageEmpty = new("message_empty", 400);
    public static readonly KefuDeskError MessageTooLong = new("message_too_long", 400);
    public static readonly KefuDeskError ClientMessageIdInvalid = new("client_message_id_invalid", 400);
    public static readonly KefuDeskError PagingInvalid = new("paging_invalid", 400);
    public static readonly KefuDeskError ConversationNotFound = new("conversation_not_found", 404);
    public static readonly KefuDeskError ConversationForbidden = new("conversation_forbidden", 403);
    public static readonly KefuDeskError ConversationTaken = new("conversation_taken", 409);
    public static readonly KefuDeskError ConversationClosed = new("conversation_closed", 409);
    public static readonly KefuDeskError ConversationNotOpen = new("conversation_not_open", 409);
    public static readonly KefuDeskError ShopNotFound = new("shop_not_found", 404);
    public static readonly KefuDeskError Unauthenticated = new("unauthenticated", 401);
    public static readonly KefuDeskError Forbidden = new("forbidden", 403);
    public static readonly KefuDeskError SignInFailed = new("sign_in_failed", 401);
    public static readonly KefuDeskError SignInLockedOut = new("sign_in_locked_out", 423);
    public static readonly KefuDeskError AgentInvalid = new("agent_invalid", 400);
    public static readonly KefuDeskError PasswordWeak = new("password_weak", 400);
    public static readonly KefuDeskError ShopInvalid = new("shop_invalid", 400);
    public static readonly KefuDeskError UserNameTaken = new("user_name_taken", 409);
    public static readonly KefuDeskError StorageUnavailable = new("storage_unavailable", 503);

    public string ResourceKey => "Error." + Code;
}

/// <summary>Thrown where a value cannot be returned (hub methods, deep validation); mapped at the edge.</summary>
public sealed class KefuDeskException(KefuDeskError error, string? detail = null)
    : Exception(detail is null ? error.Code : $"{error.Code}: {detail}")
{
    public KefuDeskError Error { get; } = error;

    /// <summary>Optional extra text (already localised or neutral), such as the limit that was passed.</summary>
    public string? Detail { get; } = detail;
}
