import type { BuyerDetails, DetailField, SignedIdentity, WidgetSession } from "./model";

/**
 * The server said no on purpose: its code for programs, its title for people, what it was about,
 * and, for a refusal that passes with time (too many new chats at once), how many seconds to wait.
 */
export class Refused extends Error {
  constructor(readonly code: string, message: string, readonly detail: string | null, readonly retryAfter: number | null = null) {
    super(message);
  }
}

interface Problem {
  code?: string;
  title?: string;
  detail?: string | null;
  retryAfter?: number;
}

/**
 * The widget's REST calls to KefuDesk: the session (who the buyer is, what the shop asks, whether
 * anyone is online) and the buyer's own details. The live chat itself runs on the hub.
 */
export class WidgetServer {
  /** Set when the site's signed identity was refused: the widget goes on anonymously for this page. */
  private identity: SignedIdentity | null;

  constructor(
    private readonly baseUrl: string,
    private readonly culture: string,
    private readonly shopKey: string,
    identity: SignedIdentity | null,
  ) {
    this.identity = identity;
  }

  /** Starts (or refreshes) the session. Throws Refused for what a retry will not change. */
  async startSession(visitorToken: string | null): Promise<WidgetSession> {
    for (;;) {
      const response = await this.post(visitorToken);
      if (response.ok) {
        return (await response.json()) as WidgetSession;
      }
      const problem = await problemOf(response);
      if (problem.code === "identity_invalid" && this.identity) {
        console.warn(
          `KefuDesk: the signed identity for userId "${this.identity.userId}" was refused (identity_invalid), so the chat continues ` +
            "as an anonymous visitor. Sign the userId on your server with the shop's widget secret: " +
            "signature = hex(HMAC-SHA256(secret, userId)), 64 hex characters. The secret is shown to admins at 店铺设置 (/admin/shops).",
        );
        this.identity = null;
        continue;
      }
      if (problem.code === "origin_not_allowed") {
        throw this.originRefused(problem.title);
      }
      if (response.status === 404) {
        console.warn(`KefuDesk: no shop has the widget key "${this.shopKey}". Check data-shop-key on the script tag.`);
      }
      throw new Refused(problem.code ?? `http_${response.status}`, problem.title ?? `session ${response.status}`, problem.detail ?? null,
        response.status === 429 ? retryAfterOf(response, problem) : null);
    }
  }

  /** Saves what the buyer told us; a field the server refuses comes back as Refused with that field as detail. */
  async describe(token: string, details: BuyerDetails): Promise<BuyerDetails> {
    const response = await fetch(`${this.baseUrl}/api/widget/profile?culture=${encodeURIComponent(this.culture)}`, {
      method: "PUT",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify(details),
    });
    if (response.ok) {
      return (await response.json()) as BuyerDetails;
    }
    const problem = await problemOf(response);
    throw new Refused(problem.code ?? `http_${response.status}`, problem.title ?? `profile ${response.status}`, problem.detail ?? null);
  }

  private async post(visitorToken: string | null): Promise<Response> {
    try {
      return await fetch(`${this.baseUrl}/api/widget/sessions?culture=${encodeURIComponent(this.culture)}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ widgetKey: this.shopKey, visitorToken, identity: this.identity }),
      });
    } catch (error) {
      // A browser hides the answer to a site it was not allowed to (CORS): if KefuDesk itself is
      // reachable, that is the likely reason, and the site's developer should hear it.
      if (await this.reachable()) {
        throw this.originRefused(null);
      }
      throw error;
    }
  }

  private async reachable(): Promise<boolean> {
    try {
      await fetch(`${this.baseUrl}/widget/v1/kefudesk.js`, { method: "HEAD", mode: "no-cors", cache: "no-store" });
      return true;
    } catch {
      return false;
    }
  }

  private originRefused(title: string | null | undefined): Refused {
    console.warn(
      `KefuDesk: this site (${window.location.origin}) may not embed the chat of shop key "${this.shopKey}" (origin_not_allowed). ` +
        `An admin adds ${window.location.origin} to 允许嵌入的网站 at ${this.baseUrl}/admin/shops (店铺设置).`,
    );
    return new Refused("origin_not_allowed", title ?? "origin_not_allowed", window.location.origin);
  }
}

/** A field the server named in a profile_invalid refusal. */
export function fieldOf(refused: Refused): DetailField | null {
  return refused.code === "profile_invalid" && (refused.detail === "name" || refused.detail === "phone" || refused.detail === "email")
    ? refused.detail
    : null;
}

/** Seconds to wait: the body says it (a page on another site may not read headers), else the Retry-After header, else a short pause. */
function retryAfterOf(response: Response, problem: Problem): number {
  const header = Number(response.headers.get("Retry-After"));
  const seconds = typeof problem.retryAfter === "number" ? problem.retryAfter : Number.isFinite(header) && header > 0 ? header : 10;
  return Math.max(1, Math.ceil(seconds));
}

async function problemOf(response: Response): Promise<Problem> {
  try {
    return (await response.json()) as Problem;
  } catch {
    return {};
  }
}
