import { HubConnectionState, type HubConnection } from "@microsoft/signalr";
import { BuyerQuestions } from "./asking";
import { BuyerConnection } from "./connection";
import type { EntrySource } from "./entry";
import { cultureFor, stringsFor, waitText, type Strings } from "./i18n";
import type { ThreadView } from "./list";
import { QuestionMenu } from "./menu";
import type {
  AssignmentNotice, BuyerOrder, BuyerThread, MessagePage, MessageView, QueuePlace, ReadNotice, RecallNotice, SatisfactionRating, SignedIdentity,
  StatusNotice, SurveyCard, SurveyNotice, TypingNotice,
} from "./model";
import { OrderPicker } from "./orders";
import { Outbox, refusalOf, type Throttle } from "./outbox";
import { QueueBanner } from "./queue";
import { WidgetServer } from "./session";
import { ReadMarks } from "./marks";
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
  /** Where the buyer starts (entry point, order number from the page or a button). */
  entry: EntrySource;
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
  private readonly outbox: Outbox;
  private readonly questions: BuyerQuestions;
  private readonly line: BuyerConnection;
  private readonly marks: ReadMarks;
  private readonly queue: QueueBanner;
  private readonly menu: QuestionMenu;
  private readonly orders: OrderPicker;
  /** The server has told us the buyer's thread (until then, whether they have a conversation is unknown). */
  private threadKnown = false;
  private open = false;
  private agentTypingTimer: ReturnType<typeof setTimeout> | undefined;
  /** The slow-down note showing, if any (too fast, or the shop busy starting chats). */
  private throttleNotice: string | null = null;

  constructor(host: HTMLElement, options: WidgetOptions) {
    this.t = stringsFor(options.lang);
    this.culture = cultureFor(options.lang);
    this.storage = new WidgetStorage(options.shopKey);
    this.files = new AttachmentFiles(options.baseUrl, this.culture, () => this.storage.token, this.t);
    const server = new WidgetServer(options.baseUrl, this.culture, options.shopKey, options.identity);
    this.signals = new HubSignals(() => this.connection);
    this.marks = new ReadMarks(this.thread, this.signals, this.storage);
    this.outbox = new Outbox(this.storage, this.files, this.t, {
      hub: () => this.connection,
      connect: () => void this.line.ensureConnected(),
      stored: (m) => this.onStored(m),
      changed: () => this.render(),
      progress: (id, percent) => this.ui.setProgress(id, percent),
      throttled: (wait) => this.onThrottled(wait),
      entry: (question) => options.entry.context(question),
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
    this.queue = new QueueBanner(options.baseUrl, this.culture, () => this.storage.token, this.t);
    this.menu = new QuestionMenu(this.t, (question) => this.pick(question));
    this.orders = new OrderPicker({
      baseUrl: options.baseUrl,
      culture: this.culture,
      // A new visitor has no token until the session starts (opening the chat starts it).
      token: () => (this.storage.token ? Promise.resolve(this.storage.token) : this.line.ensureConnected().then(() => this.storage.token)),
    }, this.t, (order) => this.pickOrder(order));
    this.ui.addTool(this.orders.toggle, this.orders.element);
    this.ui.aboveComposer.append(this.queue.element, this.menu.element);
    this.questions = new BuyerQuestions(this.t, this.storage, server, this.ui, () => this.showMenu());
    this.line = new BuyerConnection(options.baseUrl, this.culture, this.t, this.storage, server, this.ui, {
      listen: (connection) => this.listen(connection),
      session: (session) => {
        this.ui.setShopName(session.shop.name);
        this.menu.setQuestions(session.questions);
        this.questions.update(session);
      },
      connected: () => this.catchUp(),
    });
    document.addEventListener("visibilitychange", () => this.markRead());
  }

  start(): void {
    this.render();
    // A returning buyer connects at once so replies (and the unread badge) reach them; a new
    // visitor connects only when they open the chat.
    if (this.storage.token || this.outbox.messages.length > 0) {
      void this.line.ensureConnected();
    }
  }

  openPanel(): void {
    this.open = true;
    this.ui.setUnread(0);
    this.ui.setOpen(true);
    void this.line.ensureConnected().then(() => this.markRead());
  }

  closePanel(): void {
    this.open = false;
    this.orders.close();
    this.ui.setOpen(false);
  }

  /** Says why messages wait (too fast, or the shop busy starting chats and when they go), or takes the note down. */
  private onThrottled(wait: Throttle | null): void {
    if (this.throttleNotice) {
      this.ui.clearNotice(this.throttleNotice);
    }
    this.throttleNotice = !wait ? null
      : wait.busySeconds !== undefined ? this.t.busy.replace("{0}", waitText(wait.busySeconds, this.t))
      : this.t.tooFast;
    if (this.throttleNotice) {
      this.ui.setNotice(this.throttleNotice);
    }
  }

  private get connection(): HubConnection | null {
    return this.line.hub;
  }

  /** What the server pushes to the buyer. */
  private listen(connection: HubConnection): void {
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
      void this.queue.refresh(); // back in the queue, moved on to another group, or left as a message
    });
    connection.on("queuePlace", (p: QueuePlace) => this.queue.place(p));
    connection.on("conversationAssigned", (n: AssignmentNotice) => this.queue.assigned(n));
  }

  /** A question tapped in the menu: the buyer's first message, which tells the shop what it is about. */
  private pick(question: string): boolean | Promise<boolean> {
    return this.questions.send(question, (text) => {
      this.signals.stopTyping();
      this.outbox.sendText(text, question);
    });
  }

  /** An order picked to ask about goes as an order card, like a picked file (not while the pre-chat form stands in the way). */
  private pickOrder(order: BuyerOrder): boolean {
    if (this.questions.blocking) {
      return false;
    }
    this.signals.stopTyping();
    this.outbox.sendOrder(order);
    this.ui.focusComposer();
    return true;
  }

  /** The question menu stands above the composer until the buyer's first message. */
  private showMenu(): void {
    this.menu.setVisible(this.threadKnown && this.thread.conversationId === null && this.outbox.messages.length === 0 && !this.questions.blocking);
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
      this.threadKnown = true;
      void this.queue.refresh();
      this.dropConfirmed();
      this.render();
      this.showUnread();
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
    this.marks.shopRead(id, latest.agentReadSequence ?? 0);
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
        this.queue.answered(message.conversationId);
      }
      this.markDelivered();
    }
    this.dropConfirmed();
    this.render();
    this.markRead();
    this.showUnread();
  }

  private onRead(notice: ReadNotice): void {
    if (notice.reader === "customer") {
      return;
    }
    if (this.marks.shopRead(notice.conversationId, notice.sequence)) {
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
    this.marks.delivered();
  }

  private markRead(): void {
    this.marks.read(this.open);
  }

  private showUnread(): void {
    this.ui.setUnread(this.marks.unseen(this.open));
  }

  private dropConfirmed(): void {
    this.outbox.dropConfirmed((id) => this.thread.has(id));
  }

  private render(): void {
    const view: ThreadView = {
      messages: this.thread.messages,
      pending: this.outbox.messages,
      hasOlder: this.thread.hasOlder,
      stateOf: (p) => this.outbox.stateOf(p),
      fileOf: (p) => this.outbox.fileOf(p),
      markOf: this.marks.markOf(),
    };
    this.ui.render(view);
    this.showMenu();
  }
}
