import { HubConnection, HubConnectionBuilder, HubConnectionState, LogLevel } from "@microsoft/signalr";
import { newClientMessageId } from "./ids";
import { cultureFor, stringsFor, type Strings } from "./i18n";
import type { BuyerThread, MessagePage, MessageView, PendingMessage, WidgetSession } from "./model";
import { WidgetStorage } from "./storage";
import { Thread } from "./thread";
import { WidgetUi } from "./ui";

export interface WidgetOptions {
  baseUrl: string;
  shopKey: string;
  lang: string | null;
}

/**
 * The buyer's side of the chat. Nothing is lost or doubled: every message carries an id made
 * here; unconfirmed ones wait in an outbox (kept across reloads) and are sent again with the same
 * id after a reconnect, which the server turns into one stored message. Pushes are checked against
 * sequence numbers and gaps are fetched.
 */
export class KefuDeskWidget {
  private readonly t: Strings;
  private readonly culture: string;
  private readonly storage: WidgetStorage;
  private readonly ui: WidgetUi;
  private readonly thread = new Thread();
  private pending: PendingMessage[];
  private session: WidgetSession | null = null;
  private connection: HubConnection | null = null;
  private connecting: Promise<void> | null = null;
  private open = false;
  private unread = 0;

  constructor(host: HTMLElement, private readonly options: WidgetOptions) {
    this.t = stringsFor(options.lang);
    this.culture = cultureFor(options.lang);
    this.storage = new WidgetStorage(options.shopKey);
    this.pending = this.storage.outbox;
    this.ui = new WidgetUi(host, this.t, {
      open: () => this.openPanel(),
      close: () => this.closePanel(),
      send: (body) => this.send(body),
      retry: (id) => this.retry(id),
      earlier: () => void this.loadEarlier(),
    });
  }

  start(): void {
    this.render();
    // A returning buyer connects at once so replies (and the unread badge) reach them; a new
    // visitor connects only when they open the chat.
    if (this.storage.token || this.pending.length > 0) {
      void this.ensureConnected();
    }
  }

  openPanel(): void {
    this.open = true;
    this.unread = 0;
    this.ui.setUnread(0);
    this.ui.setOpen(true);
    void this.ensureConnected().then(() => this.markRead());
  }

  closePanel(): void {
    this.open = false;
    this.ui.setOpen(false);
  }

  private ensureConnected(): Promise<void> {
    if (this.connection?.state === HubConnectionState.Connected) {
      return Promise.resolve();
    }
    this.connecting ??= this.connectUntilDone().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async connectUntilDone(): Promise<void> {
    let delay = 1000;
    for (;;) {
      try {
        await this.connectOnce();
        return;
      } catch (error) {
        if (isUnauthorized(error)) {
          // The token no longer opens (keys reset on the server): become a new visitor.
          this.storage.token = null;
          this.session = null;
          continue;
        }
        this.ui.setState("offline");
        if (isNotFound(error)) {
          this.ui.showError(this.t.unavailable);
        }
        await sleep(delay);
        delay = Math.min(delay * 2, 15000);
      }
    }
  }

  private async connectOnce(): Promise<void> {
    this.ui.setState("connecting");
    if (!this.session) {
      this.session = await this.startSession();
      this.storage.token = this.session.visitorToken;
      this.ui.setShopName(this.session.shop.name);
    }

    const connection = new HubConnectionBuilder()
      .withUrl(`${this.options.baseUrl}/hubs/buyer?culture=${encodeURIComponent(this.culture)}`, {
        accessTokenFactory: () => this.storage.token ?? "",
      })
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (ctx) => Math.min(1000 * 2 ** ctx.previousRetryCount, 15000) })
      .configureLogging(LogLevel.Warning)
      .build();
    connection.on("messageCreated", (m: MessageView) => void this.onPushed(m));
    connection.onreconnecting(() => this.ui.setState("offline"));
    connection.onreconnected(() => {
      this.ui.setState("online");
      void this.catchUp();
    });
    connection.onclose(() => {
      // Automatic reconnect gave up (or never could): keep trying, more slowly.
      if (this.connection === connection) {
        this.connection = null;
        this.ui.setState("offline");
        void this.ensureConnected();
      }
    });

    await connection.start();
    this.connection = connection;
    this.ui.setState("online");
    this.ui.showError(null);
    await this.catchUp();
  }

  private async startSession(): Promise<WidgetSession> {
    const response = await fetch(`${this.options.baseUrl}/api/widget/sessions?culture=${encodeURIComponent(this.culture)}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ widgetKey: this.options.shopKey, visitorToken: this.storage.token }),
    });
    if (!response.ok) {
      throw new Error(`session ${response.status}`);
    }
    return (await response.json()) as WidgetSession;
  }

  /** After (re)connecting: fetch what was missed, then send again what was never confirmed. */
  private async catchUp(): Promise<void> {
    const connection = this.connection;
    if (!connection) {
      return;
    }
    try {
      if (this.thread.conversationId === null) {
        const thread = await connection.invoke<BuyerThread>("GetThread", null);
        this.thread.reset(thread.conversationId, thread.messages, thread.hasMore);
      } else {
        await this.fillAfter(this.thread.conversationId, this.thread.lastSequence);
      }
      this.dropConfirmed();
      this.render();
      await this.flushOutbox();
      this.markRead();
    } catch {
      // The connection dropped again; onreconnected will call us.
    }
  }

  private async fillAfter(conversationId: string, afterSequence: number): Promise<void> {
    const connection = this.connection;
    let after = afterSequence;
    while (connection) {
      const page = await connection.invoke<MessagePage>("GetMessagesAfter", conversationId, after);
      this.thread.addRange(page.messages);
      if (!page.hasMore || page.messages.length === 0) {
        return;
      }
      after = page.messages[page.messages.length - 1].sequence;
    }
  }

  private async onPushed(message: MessageView): Promise<void> {
    const accepted = this.thread.accept(message);
    if (accepted === "duplicate") {
      return;
    }
    if (accepted === "gap") {
      try {
        await this.fillAfter(message.conversationId, this.thread.lastSequence);
      } catch {
        return; // caught up on reconnect
      }
    }
    if (message.sender !== "customer" && !this.open) {
      this.unread++;
      this.ui.setUnread(this.unread);
    }
    this.dropConfirmed();
    this.render();
    this.markRead();
  }

  private send(body: string): void {
    const message: PendingMessage = { clientMessageId: newClientMessageId(), body, createdAt: new Date().toISOString() };
    this.pending.push(message);
    this.saveOutbox();
    this.render();
    void this.deliver(message);
  }

  private retry(clientMessageId: string): void {
    const message = this.pending.find((p) => p.clientMessageId === clientMessageId);
    if (message) {
      delete message.failed;
      this.saveOutbox();
      this.render();
      void this.deliver(message);
    }
  }

  private async deliver(message: PendingMessage): Promise<void> {
    const connection = this.connection;
    if (!connection || connection.state !== HubConnectionState.Connected) {
      void this.ensureConnected(); // the outbox is flushed once connected
      return;
    }
    try {
      // No conversation id: the buyer writes to the shop, and the server puts the message in their
      // live conversation (starting a new one if the last was closed).
      const stored = await connection.invoke<MessageView>("SendMessage", {
        clientMessageId: message.clientMessageId,
        body: message.body,
      });
      if (this.thread.accept(stored) === "gap") {
        await this.fillAfter(stored.conversationId, this.thread.lastSequence);
      }
      this.dropConfirmed();
      this.render();
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal) {
        message.failed = refusal;
        this.saveOutbox();
        this.render();
      }
      // Otherwise the connection broke: the message stays pending and goes again after reconnecting.
    }
  }

  private async flushOutbox(): Promise<void> {
    for (const message of [...this.pending]) {
      if (!message.failed) {
        await this.deliver(message);
      }
    }
  }

  private async loadEarlier(): Promise<void> {
    const first = this.thread.messages[0];
    if (!this.connection || !first) {
      return;
    }
    const page = await this.connection.invoke<BuyerThread>("GetThread", first.sequence);
    this.thread.prepend(page.messages, page.hasMore);
    this.render();
  }

  private markRead(): void {
    if (this.open && this.connection?.state === HubConnectionState.Connected && this.thread.conversationId && this.thread.lastSequence > 0) {
      this.connection.invoke("MarkRead", this.thread.conversationId, this.thread.lastSequence).catch(() => undefined);
    }
  }

  private dropConfirmed(): void {
    const before = this.pending.length;
    this.pending = this.pending.filter((p) => !this.thread.has(p.clientMessageId));
    if (this.pending.length !== before) {
      this.saveOutbox();
    }
  }

  private saveOutbox(): void {
    this.storage.outbox = this.pending;
  }

  private render(): void {
    this.ui.render(this.thread.messages, this.pending, this.thread.hasOlder);
  }
}

/** A hub error the server raised on purpose ("code: message"), as opposed to a broken connection. */
function refusalOf(error: unknown): string | null {
  const text = error instanceof Error ? error.message : String(error);
  const match = /HubException: [a-z_]+: ([\s\S]*)$/.exec(text);
  return match ? match[1].trim() : null;
}

function isUnauthorized(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return /\b401\b|Unauthorized/.test(text);
}

function isNotFound(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return /session 404/.test(text);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
