import { ContactFields, preChatForm } from "./details";
import type { Strings } from "./i18n";
import type { BuyerDetails, WidgetSession } from "./model";
import { Refused, type WidgetServer } from "./session";
import type { WidgetStorage } from "./storage";
import type { WidgetUi } from "./ui";

/**
 * What the shop asks the buyer besides their question: the pre-chat form (售前信息) before the
 * first message, and, when nobody is online, a phone or email beside the offline message (留言)
 * so the shop can answer later. Each is asked once: the server says when the form is filled, and
 * this browser remembers a skipped form or a contact left.
 */
export class BuyerQuestions {
  private session: WidgetSession | null = null;
  private form: { key: string; element: HTMLElement } | null = null;
  private contact: ContactFields | null = null;

  constructor(
    private readonly t: Strings,
    private readonly storage: WidgetStorage,
    private readonly server: WidgetServer,
    private readonly ui: WidgetUi,
    private readonly changed: () => void = () => undefined,
  ) {}

  /** A new or refreshed session: what to ask now. */
  update(session: WidgetSession): void {
    this.session = session;
    this.ui.setStaffed(session.staffed);
    this.show();
  }

  /** Someone of the shop answered: they are online after all. */
  staffed(): void {
    if (this.session && !this.session.staffed) {
      this.session.staffed = true;
      this.ui.setStaffed(true);
      this.show();
    }
  }

  /** The pre-chat form stands in for the composer: nothing is sent until it is filled (or skipped). */
  get blocking(): boolean {
    const s = this.session;
    return !!s && s.preChat.enabled && !s.preChat.filled && (s.preChat.required || this.storage.preChatDoneFor !== s.customerId);
  }

  /**
   * The buyer pressed send. With contact details typed beside an offline message they are saved
   * first; a refused field keeps the message in the box (false) and says what is wrong.
   */
  send(body: string, sendText: (body: string) => void): boolean | Promise<boolean> {
    if (this.blocking) {
      return false;
    }
    const contact = this.contact;
    if (!contact || !this.asksContact || contact.empty) {
      sendText(body);
      contact?.fold();
      if (this.session && !this.session.staffed) {
        this.ui.setBannerNote(this.t.messageKept); // a 留言: the buyer is told it is kept, not left wondering
      }
      return true;
    }
    return this.describe(contact.details).then(
      () => {
        sendText(body);
        this.ui.setBannerNote(this.t.contactSaved);
        return true;
      },
      (error: unknown) => {
        if (!contact.showRefusal(error)) {
          this.ui.showError(error instanceof Refused ? error.message : this.t.saveFailed);
        }
        return false;
      },
    );
  }

  private get asksContact(): boolean {
    const s = this.session;
    if (!s || s.staffed || s.known || this.storage.contactGivenFor === s.customerId) {
      return false; // someone is here, or the shop knows the member, or they told us already
    }
    return !(s.preChat.filled && (s.preChat.askPhone || s.preChat.askEmail));
  }

  private show(): void {
    const s = this.session;
    if (s && this.blocking) {
      this.ui.showBefore(this.preChatForm(s), true);
    } else if (this.asksContact) {
      this.contact ??= new ContactFields(this.t);
      this.ui.showBefore(this.contact.element, false);
    } else {
      this.ui.showBefore(null, false);
    }
    this.changed();
  }

  /** Built once per shape of form, so what the buyer typed survives a refreshed session. */
  private preChatForm(s: WidgetSession): HTMLElement {
    const p = s.preChat;
    const key = `${p.askName}|${p.askPhone}|${p.askEmail}|${p.required}`;
    if (this.form?.key !== key) {
      const element = preChatForm(p, this.t, (details) => this.describe(details).then(() => this.preChatDone(true)), () => this.preChatDone(false));
      this.form = { key, element };
    }
    return this.form.element;
  }

  private preChatDone(filled: boolean): void {
    const s = this.session;
    if (s) {
      this.storage.preChatDoneFor = s.customerId;
      s.preChat.filled ||= filled;
      this.show();
    }
  }

  private async describe(details: BuyerDetails): Promise<void> {
    const s = this.session;
    const token = this.storage.token;
    if (!s || !token) {
      throw new Error("no session yet");
    }
    const saved = await this.server.describe(token, details);
    s.name = saved.name ?? s.name;
    if (saved.phone || saved.email) {
      this.storage.contactGivenFor = s.customerId;
    }
    this.show();
  }
}
