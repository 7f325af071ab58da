import type { PendingMessage } from "./model";

// What survives a reload, per shop: who the buyer is, what they sent that was not yet confirmed,
// and whether they were already asked for their details.
export class WidgetStorage {
  private readonly prefix: string;

  constructor(shopKey: string) {
    this.prefix = `kefudesk:${shopKey}:`;
  }

  get token(): string | null {
    return this.read("token");
  }

  set token(value: string | null) {
    this.write("token", value);
  }

  /** How far the buyer has had the chat in front of them: replies after this count on the launcher. */
  get seen(): { conversationId: string; sequence: number } | null {
    try {
      const raw = this.read("seen");
      return raw ? (JSON.parse(raw) as { conversationId: string; sequence: number }) : null;
    } catch {
      return null;
    }
  }

  set seen(value: { conversationId: string; sequence: number } | null) {
    this.write("seen", value ? JSON.stringify(value) : null);
  }

  /** The customer who answered (or skipped) the pre-chat form in this browser. */
  get preChatDoneFor(): string | null {
    return this.read("prechat");
  }

  set preChatDoneFor(customerId: string | null) {
    this.write("prechat", customerId);
  }

  /** The customer who left a phone or email here, so the offline form does not ask again. */
  get contactGivenFor(): string | null {
    return this.read("contact");
  }

  set contactGivenFor(customerId: string | null) {
    this.write("contact", customerId);
  }

  get outbox(): PendingMessage[] {
    try {
      const raw = this.read("outbox");
      return raw ? (JSON.parse(raw) as PendingMessage[]) : [];
    } catch {
      return [];
    }
  }

  set outbox(items: PendingMessage[]) {
    this.write("outbox", items.length ? JSON.stringify(items) : null);
  }

  private read(key: string): string | null {
    try {
      return window.localStorage.getItem(this.prefix + key);
    } catch {
      return null; // storage blocked (private mode, iframes): the widget still works for this page view
    }
  }

  private write(key: string, value: string | null): void {
    try {
      if (value === null) {
        window.localStorage.removeItem(this.prefix + key);
      } else {
        window.localStorage.setItem(this.prefix + key, value);
      }
    } catch {
      // ignore: see read()
    }
  }
}
