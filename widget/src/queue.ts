import { el, text } from "./dom";
import type { Strings } from "./i18n";
import type { AssignmentNotice, QueuePlace } from "./model";

/**
 * The queue banner above the composer while the buyer waits for an agent: 排队中,您前面还有 N 位 ·
 * 预计等待约 M 分钟. The router pushes the place whenever it changes; the widget asks once when it
 * (re)connects, since pushes sent while it was away are not repeated. It goes as soon as an agent
 * has the conversation. A push counts over an answer to a question asked before it.
 */
export class QueueBanner {
  readonly element: HTMLElement;
  private readonly main: HTMLElement;
  private readonly detail: HTMLElement;
  private shown: QueuePlace | null = null;
  private version = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly culture: string,
    private readonly token: () => string | null,
    private readonly t: Strings,
  ) {
    this.element = el("div", "kd-queue");
    this.element.hidden = true;
    this.element.setAttribute("role", "status");
    this.element.setAttribute("data-testid", "kefudesk-queue");
    this.main = text("span", "kd-queue-main", "");
    this.detail = text("span", "kd-queue-detail", "");
    this.element.append(this.main, this.detail);
  }

  /** The router's push: the buyer's place changed. */
  place(place: QueuePlace): void {
    this.version++;
    this.show(place);
  }

  /** An agent has the conversation: no more waiting. */
  assigned(notice: AssignmentNotice): void {
    if (!this.shown || this.shown.conversationId === notice.conversationId) {
      this.version++;
      this.show(null);
    }
  }

  /** Someone of the shop wrote in the conversation the banner is about: the buyer is served. */
  answered(conversationId: string): void {
    this.assigned({ conversationId });
  }

  /** Asks the server where the buyer stands now (after connecting, or when the conversation's state changed). */
  async refresh(): Promise<void> {
    const token = this.token();
    if (!token) {
      return;
    }
    const asked = ++this.version;
    try {
      const response = await fetch(`${this.baseUrl}/api/widget/queue?culture=${encodeURIComponent(this.culture)}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      const place = response.status === 200 ? ((await response.json()) as QueuePlace) : null;
      if (asked !== this.version || (response.status !== 200 && response.status !== 204)) {
        return; // a push came meanwhile (it is newer), or the server could not say: keep what is shown
      }
      this.show(place);
    } catch {
      // offline: the reconnect asks again
    }
  }

  private show(place: QueuePlace | null): void {
    this.shown = place;
    this.element.hidden = !place;
    if (!place) {
      this.element.removeAttribute("data-position");
      return;
    }
    const ahead = Math.max(0, place.position - 1);
    this.element.setAttribute("data-position", String(place.position));
    this.main.textContent = ahead === 0 ? this.t.queueNext : this.t.queueAhead.replace("{0}", String(ahead));
    const seconds = place.estimatedWaitSeconds;
    this.detail.textContent = seconds == null
      ? this.t.queueArranging
      : this.t.queueWait.replace("{0}", String(Math.max(1, Math.ceil(seconds / 60))));
  }
}
