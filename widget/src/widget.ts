import { HubConnection, HubConnectionBuilder, HubConnectionState, LogLevel } from "@microsoft/signalr";
import { BuyerQuestions } from "./asking";
import { cultureFor, stringsFor, type Strings } from "./i18n";
import type { ThreadView } from "./list";
import type {
  BuyerThread, MessagePage, MessageView, ReadNotice, RecallNotice, SatisfactionRating, SignedIdentity, StatusNotice, SurveyCard,
  SurveyNotice, TypingNotice, WidgetSession,
} from "./model";
import { Outbox, refusalOf } from "./outbox";
import { Refused, WidgetServer } from "./session";
import { HubSignals } from "./signals";
import { WidgetStorage } from "./storage";
import { Thread } from "./thread";
import { WidgetUi } from "./ui";
import { AttachmentFiles } from "./upload";

export interface WidgetOptions {
  baseUrl: string;
  shopKey: string;
  lang: string | null;
  /** Who the shop's site says the buyer is (signed by its server), or null for an anonymous visitor. */
  identity: SignedIdentity | null;
}

/** A site that may not embed the chat is asked again this seldom (an admin may add it meanwhile). */
const RefusedRetryMs = 60000;

/** How long 客服正在输入 stays up without a fresh notice. */
const AgentTypingShownFor = 6000;

/**
 * The buyer's side of the chat. Nothing is lost or doubled: every message carries an id made
 * here; unconfirmed ones wait in an outbox (kept across reloads) and are sent again with the same
 * id after a reconnect, which the server turns into one stored message. A picked file is uploaded
 * first and then sent the same way. Pushes are checked against sequence numbers and gaps are fetched.
 */
export class KefuDeskWidget {
  private readonly t: Strings;
  private readonly culture: string;
  private readonly storage: WidgetStorage;
  private readonly files: AttachmentFiles;
  private readonly ui: WidgetUi;
  private readonly signals: HubSignals;
  private readonly thread = new Thread();
  private readonly outbox: Outbox;
  private readonly server: WidgetServer;
  private readonly questions: BuyerQuestions;
  /** Per conversation: the shop has read the buyer's messages up to this sequence. */
  private readonly agentRead = new Map<string, number>();
  private session: WidgetSession | null = null;
  private connection: HubConnection | null = null;
  private connecting: Promise<void> | null = null;
  private open = false;
  private unread = 0;
  private agentTypingTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: HTMLElement, private readonly options: WidgetOptions) {
    this.t = stringsFor(options.lang);
    this.culture = cultureFor(options.lang);
    this.storage = new WidgetStorage(options.shopKey);
    this.files = new AttachmentFiles(options.baseUrl, this.culture, () => this.storage.token, this.t);
    this.server = new WidgetServer(options.baseUrl, this.culture, options.shopKey, options.identity);
    this.signals = new HubSignals(() => this.connection);
    this.outbox = new Outbox(this.storage, this.files, this.t, {
      hub: () => this.connection,
      connect: () => void this.ensureConnected(),
      stored: (m) => this.onStored(m),
      changed: () => this.render(),
      progress: (id, percent) => this.ui.setProgress(id, percent),
      throttled: (slowDown) => this.ui.setNotice(slowDown ? this.t.tooFast : null),
    });
    this.ui = new WidgetUi(host, this.t, this.files, options.baseUrl, {
      open: () => this.openPanel(),
      close: () => this.closePanel(),
      send: (body) =>
        this.questions.send(body, (text) => {
          this.signals.stopTyping();
          this.outbox.sendText(text);
        }),
      retry: (id) => this.outbox.retry(id),
      discard: (id) => this.outbox.discard(id),
      earlier: () => void this.loadEarlier(),
      attach: (files) => {
        if (!this.questions.blocking) {
          this.ui.showError(this.outbox.sendFiles(files));
        }
      },
      typing: () => {
        if (this.thread.conversationId) {
          this.signals.typing(this.thread.conversationId);
        }
      },
      rate: (surveyId, rating, comment) => this.rate(surveyId, rating, comment),
    });
    this.questions = new BuyerQuestions(this.t, this.storage, this.server, this.ui);
    document.addEventListener("visibilitychange", () => this.markRead());
  }

  start(): void {
    this.render();
    // A returning buyer connects at once so replies (and the unread badge) reach them; a new
    // visitor connects only when they open the chat.
    if (this.storage.token || this.outbox.messages.length > 0) {
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
    const state = this.connection?.state;
    if (state === HubConnectionState.Connected || state === HubConnectionState.Reconnecting || state === HubConnectionState.Connecting) {
      // Connected, or the automatic reconnect is at work (and catches up when it succeeds): never a second connection.
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
        if (error instanceof Refused && error.code === "origin_not_allowed") {
          // Not this buyer's fault, nor something a quick retry changes: say so plainly (the console tells the site's developer).
          this.ui.setState("refused");
          this.ui.showError(this.t.originRefused);
          await sleep(RefusedRetryMs);
          continue;
        }
        this.ui.setState("offline");
        if (error instanceof Refused && error.code === "shop_not_found") {
          this.ui.showError(this.t.unavailable);
        }
        await sleep(delay);
        delay = Math.min(delay * 2, 15000);
      }
    }
  }

  private async connectOnce(): Promise<void> {
    this.ui.setState("connecting");
    // Every (re)connect asks afresh: whether anyone is online now, and what the form still needs.
    this.adoptSession(await this.server.startSession(this.storage.token));

    const connection = new HubConnectionBuilder()
      .withUrl(`${this.options.baseUrl}/hubs/buyer?culture=${encodeURIComponent(this.culture)}`, {
        accessTokenFactory: () => this.storage.token ?? "",
      })
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (ctx) => Math.min(1000 * 2 ** ctx.previousRetryCount, 15000) })
      .configureLogging(LogLevel.Warning)
      .build();
    connection.on("messageCreated", (m: MessageView) => void this.onPushed(m));
    connection.on("messageRecalled", (n: RecallNotice) => {
      if (this.thread.recall(n.messageId)) {
        this.render();
      }
    });
    connection.on("conversationRead", (n: ReadNotice) => this.onRead(n));
    connection.on("typing", (n: TypingNotice) => this.onTyping(n));
    connection.on("surveyAnswered", (n: SurveyNotice) => {
      // Answered in another tab or on another device: the card here shows it answered too.
      this.thread.rated(n.surveyId, n.rating);
      this.render();
    });
    connection.on("conversationStatusChanged", (n: StatusNotice) => {
      if (n.status === "resolved" || n.status === "closed") {
        this.showAgentTyping(false);
      }
    });
    connection.onreconnecting(() => this.ui.setState("offline"));
    connection.onreconnected(() => {
      this.ui.setState("online");
      void this.refreshSession();
      // Hello first: once it answers, every later push reaches this connection; then catch up.
      connection.invoke("Hello").then(() => this.catchUp(), () => undefined);
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
    try {
      await connection.invoke("Hello");
    } catch (error) {
      void connection.stop();
      throw error;
    }
    this.connection = connection;
    this.ui.setState("online");
    this.ui.showError(null);
    await this.catchUp();
  }

  private adoptSession(session: WidgetSession): void {
    const before = this.session;
    this.session = session;
    this.storage.token = session.visitorToken;
    this.ui.setShopName(session.shop.name);
    this.questions.update(session);
    if (before && before.customerId !== session.customerId && this.connection) {
      // An agent merged this buyer into another record: reconnect as that one (onclose reconnects).
      void this.connection.stop();
    }
  }

  /** After a reconnect: is anyone online now? Keeps what it had if the server cannot say. */
  private async refreshSession(): Promise<void> {
    try {
      this.adoptSession(await this.server.startSession(this.storage.token));
    } catch {
      // the next reconnect asks again
    }
  }

  /** After (re)connecting: fetch what was missed, then send again what was never confirmed. */
  private async catchUp(): Promise<void> {
    const connection = this.connection;
    if (!connection) {
      return;
    }
    try {
      if (this.thread.conversationId !== null) {
        await this.fillAfter(this.thread.conversationId, this.thread.lastSequence);
      }
      // The latest page also says how far the shop has read, and whether a new conversation began.
      this.adopt(await connection.invoke<BuyerThread>("GetThread", null));
      this.dropConfirmed();
      this.render();
      this.markDelivered();
      await this.outbox.flush();
      this.markRead();
    } catch {
      // The connection dropped again; onreconnected will call us.
    }
  }

  private adopt(latest: BuyerThread): void {
    const id = latest.conversationId;
    if (id === null) {
      return;
    }
    if (this.thread.conversationId === null) {
      this.thread.reset(id, latest.messages, latest.hasMore);
    } else if (this.thread.conversationId !== id) {
      this.thread.follow(id, latest.messages, latest.hasMore);
    } else {
      this.thread.addRange(latest.messages);
    }
    this.agentRead.set(id, Math.max(this.agentRead.get(id) ?? 0, latest.agentReadSequence ?? 0));
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
    if (message.sender !== "customer") {
      this.showAgentTyping(false);
      if (message.sender === "agent") {
        this.questions.staffed();
      }
      if (!this.open) {
        this.unread++;
        this.ui.setUnread(this.unread);
      }
      this.markDelivered();
    }
    this.dropConfirmed();
    this.render();
    this.markRead();
  }

  private onRead(notice: ReadNotice): void {
    if (notice.reader === "customer") {
      return;
    }
    const before = this.agentRead.get(notice.conversationId) ?? 0;
    if (notice.sequence > before) {
      this.agentRead.set(notice.conversationId, notice.sequence);
      this.render();
    }
  }

  private onTyping(notice: TypingNotice): void {
    if (notice.who !== "customer" && notice.conversationId === this.thread.conversationId) {
      this.showAgentTyping(notice.typing);
    }
  }

  private showAgentTyping(typing: boolean): void {
    clearTimeout(this.agentTypingTimer);
    this.ui.setAgentTyping(typing);
    if (typing) {
      this.agentTypingTimer = setTimeout(() => this.ui.setAgentTyping(false), AgentTypingShownFor);
    }
  }

  /** The server confirmed one of the buyer's messages. */
  private async onStored(message: MessageView): Promise<void> {
    if (this.thread.accept(message) === "gap") {
      await this.fillAfter(message.conversationId, this.thread.lastSequence);
    }
    this.dropConfirmed();
    this.render();
  }

  private async loadEarlier(): Promise<void> {
    const first = this.thread.firstOfCurrent;
    if (!this.connection || !first) {
      return;
    }
    const page = await this.connection.invoke<BuyerThread>("GetThread", first.sequence);
    this.thread.prepend(page.messages, page.hasMore);
    this.render();
  }

  private async rate(surveyId: string, rating: SatisfactionRating, comment: string): Promise<void> {
    const connection = this.connection;
    if (connection?.state !== HubConnectionState.Connected) {
      throw new Error(this.t.surveyFailed);
    }
    try {
      const card = await connection.invoke<SurveyCard>("RateService", { surveyId, rating, comment: comment || null });
      this.thread.rated(surveyId, card.rating ?? rating);
      this.render();
    } catch (error) {
      throw new Error(refusalOf(error) ?? this.t.surveyFailed);
    }
  }

  private markDelivered(): void {
    const id = this.thread.conversationId;
    if (id && this.thread.messages.some((m) => m.conversationId === id && m.sender !== "customer")) {
      this.signals.markDelivered(id, this.thread.lastSequence);
    }
  }

  private markRead(): void {
    const id = this.thread.conversationId;
    if (this.open && document.visibilityState === "visible" && id && this.thread.lastSequence > 0) {
      this.signals.markRead(id, this.thread.lastSequence);
    }
  }

  private dropConfirmed(): void {
    this.outbox.dropConfirmed((id) => this.thread.has(id));
  }

  private render(): void {
    const current = this.thread.conversationId;
    const readUpTo = current ? this.readUpTo(current) : 0;
    const view: ThreadView = {
      messages: this.thread.messages,
      pending: this.outbox.messages,
      hasOlder: this.thread.hasOlder,
      stateOf: (p) => this.outbox.stateOf(p),
      fileOf: (p) => this.outbox.fileOf(p),
      markOf: (m) => (m.sender !== "customer" || m.recalled || m.conversationId !== current ? null : m.sequence <= readUpTo ? "read" : "unread"),
    };
    this.ui.render(view);
  }

  /** How far the shop has read: its read mark, or its latest reply (an agent answers what they have read). */
  private readUpTo(conversationId: string): number {
    let upTo = this.agentRead.get(conversationId) ?? 0;
    for (const m of this.thread.messages) {
      if (m.conversationId === conversationId && m.sender === "agent" && m.sequence > upTo) {
        upTo = m.sequence;
      }
    }
    return upTo;
  }
}

function isUnauthorized(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return /\b401\b|Unauthorized/.test(text);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
