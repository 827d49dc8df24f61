namespace OrthoRegen.Portal;

/// <summary>The portal's messages for API callers and logs, in one place so tests can assert on them. The patient pages
/// show the same facts in the patient's language (UI strings Po*).</summary>
public static class PortalMessages
{
    public const string Unanswered = "Required: please answer this question.";
    public const string NoVisits = "Required: at least one due visit.";
    public const string TooManyVisits = "At most 20 visits per link.";
    public const string NotDue = "Not a due visit of this patient: its window is not open, or its questionnaires are done.";
    public const string DuplicateVisit = "The same visit is listed twice.";
    public const string ExpiryInPast = "Must be in the future.";
    public const string AlreadySubmitted = "This questionnaire was already submitted for this visit.";
    public const string AlreadyRevoked = "The link is already revoked.";

    public static string ExpiryTooLate(DateTimeOffset latest) => $"Must not be after {latest.UtcDateTime:yyyy-MM-ddTHH:mmZ} (the end of the visits' windows, or the longest link lifetime).";

    public static string MailSubject(string language) => language switch
    {
        "ko" => "추적 관찰 설문 링크",
        "zh" => "随访问卷链接",
        _ => "Your follow-up questionnaire",
    };

    public static string MailBody(string language, string url, DateTimeOffset expires) => language switch
    {
        "ko" => $"안녕하세요.\n\n추적 관찰 설문에 답해 주세요: {url}\n\n이 링크는 {expires.UtcDateTime:yyyy-MM-dd} (UTC)까지 사용할 수 있으며 본인만 사용하세요.",
        "zh" => $"您好：\n\n请填写随访问卷：{url}\n\n此链接有效期至 {expires.UtcDateTime:yyyy-MM-dd}（UTC），仅供您本人使用。",
        _ => $"Hello,\n\nPlease answer your follow-up questionnaire: {url}\n\nThe link works until {expires.UtcDateTime:yyyy-MM-dd} (UTC) and is for you alone.",
    };
}
