namespace KefuDesk.Infrastructure.Errors;

/// <summary>
/// An error a user can act on: a stable code for programs, an HTTP status, and a message looked up
/// in the resource files under <c>Error.{Code}</c> (zh-CN default, en).
/// </summary>
public sealed record KefuDeskError(string Code, int Status)
{
    public static readonly KefuDeskError PayloadInvalid = new("payload_invalid", 400);
    public static readonly KefuDeskError TextInvalid = new("text_invalid", 400);
    public static readonly KefuDeskError MessageEmpty = new("message_empty", 400);
    public static readonly KefuDeskError MessageTooLong = new("message_too_long", 400);
    public static readonly KefuDeskError ClientMessageIdInvalid = new("client_message_id_invalid", 400);
    public static readonly KefuDeskError PagingInvalid = new("paging_invalid", 400);
    public static readonly KefuDeskError ConversationNotFound = new("conversation_not_found", 404);
    public static readonly KefuDeskError ConversationForbidden = new("conversation_forbidden", 403);
    public static readonly KefuDeskError ConversationTaken = new("conversation_taken", 409);
    public static readonly KefuDeskError ConversationClosed = new("conversation_closed", 409);
    public static readonly KefuDeskError ConversationListSupervisorOnly = new("conversation_list_supervisor_only", 403);
    public static readonly KefuDeskError ConversationNotOpen = new("conversation_not_open", 409);
    public static readonly KefuDeskError ShopNotFound = new("shop_not_found", 404);
    public static readonly KefuDeskError Unauthenticated = new("unauthenticated", 401);
    public static readonly KefuDeskError Forbidden = new("forbidden", 403);
    public static readonly KefuDeskError SignInFailed = new("sign_in_failed", 401);
    public static readonly KefuDeskError SignInLockedOut = new("sign_in_locked_out", 423);
    public static readonly KefuDeskError SignInTooManyAttempts = new("sign_in_too_many_attempts", 429);
    public static readonly KefuDeskError AgentInvalid = new("agent_invalid", 400);
    public static readonly KefuDeskError AgentNotFound = new("agent_not_found", 404);
    public static readonly KefuDeskError PasswordWeak = new("password_weak", 400);
    public static readonly KefuDeskError ShopInvalid = new("shop_invalid", 400);
    public static readonly KefuDeskError ShopSettingsInvalid = new("shop_settings_invalid", 400);
    public static readonly KefuDeskError UserNameTaken = new("user_name_taken", 409);
    public static readonly KefuDeskError StaffSelf = new("staff_self", 409);
    public static readonly KefuDeskError StaffLastAdmin = new("staff_last_admin", 409);
    public static readonly KefuDeskError StaffGroupInvalid = new("staff_group_invalid", 400);
    public static readonly KefuDeskError ReceptionLimitInvalid = new("reception_limit_invalid", 400);
    public static readonly KefuDeskError AccountDisabled = new("account_disabled", 403);
    public static readonly KefuDeskError PasswordChangeRequired = new("password_change_required", 403);
    public static readonly KefuDeskError PasswordMismatch = new("password_mismatch", 400);
    public static readonly KefuDeskError AuditFilterInvalid = new("audit_filter_invalid", 400);
    public static readonly KefuDeskError PasswordUnchanged = new("password_unchanged", 400);
    public static readonly KefuDeskError RecallNotYours = new("recall_not_yours", 403);
    public static readonly KefuDeskError RecallAlready = new("recall_already", 409);
    public static readonly KefuDeskError RecallTooLate = new("recall_too_late", 409);
    public static readonly KefuDeskError MessageNotFound = new("message_not_found", 404);
    public static readonly KefuDeskError SurveyNotFound = new("survey_not_found", 404);
    public static readonly KefuDeskError SurveyAnswered = new("survey_answered", 409);
    public static readonly KefuDeskError SurveyRatingInvalid = new("survey_rating_invalid", 400);
    public static readonly KefuDeskError SurveyCommentTooLong = new("survey_comment_too_long", 400);
    public static readonly KefuDeskError RecordRequired = new("record_required", 400);
    public static readonly KefuDeskError RecordInvalid = new("record_invalid", 400);
    public static readonly KefuDeskError CategoryInvalid = new("category_invalid", 400);
    public static readonly KefuDeskError TagInvalid = new("tag_invalid", 400);
    public static readonly KefuDeskError TransferInvalid = new("transfer_invalid", 400);
    public static readonly KefuDeskError TransferAgentUnavailable = new("transfer_agent_unavailable", 409);
    public static readonly KefuDeskError RoutingInvalid = new("routing_invalid", 400);
    public static readonly KefuDeskError ReceptionLimitReached = new("reception_limit_reached", 409);
    public static readonly KefuDeskError ConversationNotPending = new("conversation_not_pending", 409);
    public static readonly KefuDeskError AttachmentInvalid = new("attachment_invalid", 400);
    public static readonly KefuDeskError AttachmentTooLarge = new("attachment_too_large", 413);
    public static readonly KefuDeskError AttachmentTypeNotAllowed = new("attachment_type_not_allowed", 415);
    public static readonly KefuDeskError AttachmentNotFound = new("attachment_not_found", 404);
    public static readonly KefuDeskError ProductNotFound = new("product_not_found", 404);
    public static readonly KefuDeskError OrderNotFound = new("order_not_found", 404);
    public static readonly KefuDeskError MergeInvalid = new("merge_invalid", 400);
    public static readonly KefuDeskError CustomerNotFound = new("customer_not_found", 404);
    public static readonly KefuDeskError ProfileInvalid = new("profile_invalid", 400);
    public static readonly KefuDeskError IdentityInvalid = new("identity_invalid", 401);
    public static readonly KefuDeskError OriginNotAllowed = new("origin_not_allowed", 403);
    public static readonly KefuDeskError OriginRefused = new("origin_refused", 403);
    public static readonly KefuDeskError TooManyMessages = new("too_many_messages", 429);
    public static readonly KefuDeskError TooManyVisitors = new("too_many_visitors", 429);
    public static readonly KefuDeskError TooManyConversations = new("too_many_conversations", 429);
    public static readonly KefuDeskError TooManyRequests = new("too_many_requests", 429);
    public static readonly KefuDeskError CallInvalid = new("call_invalid", 400);
    public static readonly KefuDeskError CallbackNotFound = new("callback_not_found", 404);
    public static readonly KefuDeskError CallbackTaken = new("callback_taken", 409);
    public static readonly KefuDeskError CallbackClosed = new("callback_closed", 409);
    public static readonly KefuDeskError CallbackNotYours = new("callback_not_yours", 403);
    public static readonly KefuDeskError PhoneNoReply = new("phone_no_reply", 409);
    public static readonly KefuDeskError ChannelNotFound = new("channel_not_found", 404);
    public static readonly KefuDeskError ChannelInvalid = new("channel_invalid", 400);
    public static readonly KefuDeskError SignatureInvalid = new("signature_invalid", 401);
    public static readonly KefuDeskError Replayed = new("replayed", 409);
    public static readonly KefuDeskError ChannelUnavailable = new("channel_unavailable", 502);
    public static readonly KefuDeskError DeliveryNotFound = new("delivery_not_found", 404);
    public static readonly KefuDeskError DeliveryNotDead = new("delivery_not_dead", 409);
    public static readonly KefuDeskError StorageUnavailable = new("storage_unavailable", 503);
    public static readonly KefuDeskError SearchQueryEmpty = new("search_query_empty", 400);
    public static readonly KefuDeskError SearchQueryTooLong = new("search_query_too_long", 400);
    public static readonly KefuDeskError SearchDateInvalid = new("search_date_invalid", 400);
    public static readonly KefuDeskError SearchPagingInvalid = new("search_paging_invalid", 400);

    public string ResourceKey => "Error." + Code;
}

/// <summary>Thrown where a value cannot be returned (hub methods, deep validation); mapped at the edge.</summary>
public sealed class KefuDeskException(KefuDeskError error, string? detail = null, TimeSpan? retryAfter = null)
    : Exception(detail is null ? error.Code : $"{error.Code}: {detail}")
{
    public KefuDeskError Error { get; } = error;

    /// <summary>Optional extra text (already localised or neutral), such as the limit that was passed.</summary>
    public string? Detail { get; } = detail;

    /// <summary>For a refusal that passes with time (a limit, a lockout): how long until asking again makes sense.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
