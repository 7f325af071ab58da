import { HubConnection, HubConnectionBuilder, HubConnectionState, LogLevel } from "@microsoft/signalr";
import { newClientMessageId } from "./ids";
import { cultureFor, stringsFor, type Strings } from "./i18n";
import type {
  BuyerThread, MessagePage, MessageView, PendingMessage, ReadNotice, RecallNotice, SatisfactionRating, StatusNotice, SurveyCard,
  TypingNotice, WidgetSession,
} from "./model";
import { HubSignals } from "./signals";
import { WidgetStorage } from "./storage";
import { Thread } from "./thread";
import { WidgetUi, type ThreadView } from "./ui";
import { AttachmentFiles, checkFile, contentTypeOf, Refusal } from "./upload";

export interface WidgetOptions {
  baseUrl: string;
  shopKey: string;
  lang: string | null;
}

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
  private pending: PendingMessage[];
  /** Picked files not uploaded yet (a File cannot be kept across a reload). */
  private readonly localFiles = new Map<string, File>();
  private readonly uploading = new Set<string>();
  private uploadQueue: Promise<unknown> = Promise.resolve();
  private readonly delivering = new Set<string>();
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
    // A file whose upload never finished cannot be sent after a reload: only uploaded ones wait.
    this.pending = this.storage.outbox.filter((p) => !p.file || p.file.attachmentId);
    this.files = new AttachmentFiles(options.baseUrl, this.culture, () => this.storage.token, this.t);
    this.signals = new HubSignals(() => this.connection);
    this.ui = new WidgetUi(host, this.t, this.files, options.baseUrl, {
      open: () => this.openPanel(),
      close: () => this.closePanel(),
      send: (body) => this.send(body),
      retry: (id) => this.retry(id),
      earlier: () => void this.loadEarlier(),
      attach: (files) => this.attach(files),
      typing: () => {
        if (this.thread.conversationId) {
          this.signals.typing(this.thread.conversationId);
        }
      },
      rate: (surveyId, rating, comment) => this.rate(surveyId, rating, comment),
    });
    document.addEventListener("visibilitychange", () => this.markRead());
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
    connection.on("messageRecalled", (n: RecallNotice) => {
      if (this.thread.recall(n.messageId)) {
        this.render();
      }
    });
    connection.on("conversationRead", (n: ReadNotice) => this.onRead(n));
    connection.on("typing", (n: TypingNotice) => this.onTyping(n));
    connection.on("conversationStatusChanged", (n: StatusNotice) => {
      if (n.status === "resolved" || n.status === "closed") {
        this.showAgentTyping(false);
      }
    });
    connection.onreconnecting(() => this.ui.setState("offline"));
    connection.onreconnected(() => {
      this.ui.setState("online");
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
      if (this.thread.conversationId !== null) {
        await this.fillAfter(this.thread.conversationId, this.thread.lastSequence);
      }
      // The latest page also says how far the shop has read, and whether a new conversation began.
      this.adopt(await connection.invoke<BuyerThread>("GetThread", null));
      this.dropConfirmed();
      this.render();
      this.markDelivered();
      await this.flushOutbox();
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

  private send(body: string): void {
    this.signals.stopTyping();
    this.enqueue({ clientMessageId: newClientMessageId(), body, createdAt: new Date().toISOString() });
  }

  /** Picked, pasted or dropped files: each becomes its own message once uploaded. */
  private attach(files: File[]): void {
    const refused = files.map((f) => checkFile(f, this.t)).find((reason) => reason !== null);
    this.ui.showError(refused ?? null);
    for (const file of files) {
      if (checkFile(file, this.t) === null) {
        const clientMessageId = newClientMessageId();
        this.localFiles.set(clientMessageId, file);
        const fileName = file.name || `image.${contentTypeOf(file).split("/")[1] ?? "png"}`;
        this.enqueue({
          clientMessageId,
          body: "",
          createdAt: new Date().toISOString(),
          file: { fileName, contentType: contentTypeOf(file), size: file.size },
        });
      }
    }
  }

  private enqueue(message: PendingMessage): void {
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
    if (this.delivering.has(message.clientMessageId)) {
      return; // already on its way (a reconnect flushed the outbox meanwhile)
    }
    this.delivering.add(message.clientMessageId);
    try {
      if (message.file && !message.file.attachmentId && !(await this.upload(message))) {
        return;
      }
      // No conversation id: the buyer writes to the shop, and the server puts the message in their
      // live conversation (starting a new one if the last was closed).
      const stored = await connection.invoke<MessageView>("SendMessage", {
        clientMessageId: message.clientMessageId,
        body: message.body,
        attachmentId: message.file?.attachmentId,
      });
      if (this.thread.accept(stored) === "gap") {
        await this.fillAfter(stored.conversationId, this.thread.lastSequence);
      }
      this.dropConfirmed();
      this.render();
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal) {
        this.fail(message, refusal);
      }
      // Otherwise the connection broke: the message stays pending and goes again after reconnecting.
    } finally {
      this.delivering.delete(message.clientMessageId);
    }
  }

  /** Uploads a picked file; false (and the message marked failed) when that did not work. */
  private async upload(message: PendingMessage): Promise<boolean> {
    const file = this.localFiles.get(message.clientMessageId);
    const info = message.file;
    if (!file || !info) {
      this.fail(message, this.t.uploadFailed);
      return false;
    }
    this.uploading.add(message.clientMessageId);
    this.render();
    // One upload at a time, in the order picked, so several files arrive in that order.
    const turn = this.uploadQueue.then(() => this.files.upload(file, info.fileName));
    this.uploadQueue = turn.catch(() => undefined);
    try {
      const uploaded = await turn;
      info.attachmentId = uploaded.id;
      info.contentType = uploaded.contentType;
      this.files.local(uploaded.id, file); // the sent image shows from memory, not downloaded again
      this.localFiles.delete(message.clientMessageId);
      this.saveOutbox();
      return true;
    } catch (error) {
      this.fail(message, error instanceof Refusal ? error.message : this.t.uploadFailed);
      return false;
    } finally {
      this.uploading.delete(message.clientMessageId);
      this.render();
    }
  }

  private fail(message: PendingMessage, reason: string): void {
    message.failed = reason;
    this.saveOutbox();
    this.render();
  }

  private async flushOutbox(): Promise<void> {
    for (const message of [...this.pending]) {
      if (!message.failed) {
        await this.deliver(message);
      }
    }
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
    const current = this.thread.conversationId;
    const readUpTo = current ? this.readUpTo(current) : 0;
    const view: ThreadView = {
      messages: this.thread.messages,
      pending: this.pending,
      hasOlder: this.thread.hasOlder,
      stateOf: (p) => (p.failed ? "failed" : this.uploading.has(p.clientMessageId) ? "uploading" : "sending"),
      fileOf: (p) => this.localFiles.get(p.clientMessageId),
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
