import { HubConnectionState, type HubConnection } from "@microsoft/signalr";
import { newClientMessageId } from "./ids";
import type { Strings } from "./i18n";
import type { EntryContext, MessageView, OrderCard, PendingMessage } from "./model";
import type { PendingState } from "./renderers";
import type { WidgetStorage } from "./storage";
import { checkFile, contentTypeOf, Refusal, type AttachmentFiles } from "./upload";

export interface OutboxHooks {
  hub(): HubConnection | null;
  /** Not connected: connect, after which flush() is called. */
  connect(): void;
  /** The server stored a message (possibly one sent before): show it. */
  stored(message: MessageView): Promise<void>;
  changed(): void;
  /** How far a file's upload has got. */
  progress(clientMessageId: string, percent: number): void;
  /**
   * The server asked us to slow down (a wait, with busySeconds when the shop is busy starting
   * chats: too_many_conversations), or everything waiting has gone out (null).
   */
  throttled(wait: Throttle | null): void;
  /** Where the buyer starts from, for a message that may start a conversation. */
  entry(question: string | undefined): EntryContext;
}

/**
 * How long to wait after too_many_messages. A hub error carries no Retry-After; the REST answer
 * says 1 second, which is also how soon the server lets the next message through.
 */
export const RetryAfterMs = 1000;

/** Why and how long the outbox waits: busySeconds is set when the shop is busy starting chats. */
export interface Throttle {
  waitMs: number;
  busySeconds?: number;
}

type Outcome = "sent" | "refused" | "waiting" | Throttle | "broken";

/**
 * What the buyer sent that the server has not confirmed yet. Every message carries an id made
 * here; the list is kept across reloads and sent again with the same ids after a reconnect, which
 * the server turns into one stored message each. Messages go one at a time, in order, so when the
 * server says "too many" (too_many_messages, or too_many_conversations when the shop is busy starting
 * chats) the rest simply wait and go again when it says, still in order. A picked file is uploaded first (one at a time, in the order picked) and then sent
 * like text; a File cannot outlive the page, so a reload keeps only files that finished uploading.
 * A picked order is sent like text, carrying its id.
 */
export class Outbox {
  private items: PendingMessage[];
  private readonly localFiles = new Map<string, File>();
  private readonly uploading = new Set<string>();
  private uploadQueue: Promise<unknown> = Promise.resolve();
  private pumping = false;
  private again = false;
  private slowDown: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly storage: WidgetStorage,
    private readonly files: AttachmentFiles,
    private readonly t: Strings,
    private readonly hooks: OutboxHooks,
  ) {
    this.items = storage.outbox.filter((p) => !p.file || p.file.attachmentId);
  }

  get messages(): readonly PendingMessage[] {
    return this.items;
  }

  stateOf(p: PendingMessage): PendingState {
    return p.failed ? "failed" : this.uploading.has(p.clientMessageId) ? "uploading" : "sending";
  }

  fileOf(p: PendingMessage): Blob | undefined {
    return this.localFiles.get(p.clientMessageId);
  }

  /** A typed message, or a question picked from the shop's menu. */
  sendText(body: string, question?: string): void {
    this.add({ clientMessageId: newClientMessageId(), body, createdAt: new Date().toISOString(), ...(question ? { question } : {}) });
  }

  /** An order picked to ask about: it goes as an order card (the server checks it is the buyer's own). */
  sendOrder(order: OrderCard): void {
    const { orderId, orderNo, status, totalFen, summary, createdAt } = order;
    this.add({ clientMessageId: newClientMessageId(), body: "", createdAt: new Date().toISOString(), order: { orderId, orderNo, status, totalFen, summary, createdAt } });
  }

  /** Picked, pasted or dropped files: each becomes its own message. Returns why some were refused. */
  sendFiles(files: File[]): string | null {
    let refused: string | null = null;
    for (const file of files) {
      const reason = checkFile(file, this.t);
      if (reason) {
        refused ??= reason;
        continue;
      }
      const clientMessageId = newClientMessageId();
      const contentType = contentTypeOf(file);
      this.localFiles.set(clientMessageId, file);
      this.add({
        clientMessageId,
        body: "",
        createdAt: new Date().toISOString(),
        // A pasted screenshot may come without a name.
        file: { fileName: file.name || `image.${contentType.split("/")[1] ?? "png"}`, contentType, size: file.size },
      });
    }
    return refused;
  }

  retry(clientMessageId: string): void {
    const message = this.items.find((p) => p.clientMessageId === clientMessageId);
    if (message) {
      delete message.failed;
      this.changed();
      void this.pump();
    }
  }

  /** The buyer gives up on a message that failed: it was never stored, so it simply goes. */
  discard(clientMessageId: string): void {
    const message = this.items.find((p) => p.clientMessageId === clientMessageId);
    if (message?.failed) {
      this.items = this.items.filter((p) => p !== message);
      this.localFiles.delete(clientMessageId);
      this.changed();
    }
  }

  /** After (re)connecting: everything not refused goes again, in order. */
  flush(): Promise<void> {
    return this.pump();
  }

  /** Forgets what the thread now shows as stored. */
  dropConfirmed(stored: (clientMessageId: string) => boolean): void {
    const before = this.items.length;
    this.items = this.items.filter((p) => !stored(p.clientMessageId));
    if (this.items.length !== before) {
      this.save();
    }
  }

  private add(message: PendingMessage): void {
    this.items.push(message);
    this.changed();
    void this.pump();
  }

  /** Sends what waits, one message at a time and in order; a second call while busy makes it look again. */
  private async pump(): Promise<void> {
    if (this.pumping) {
      this.again = true;
      return;
    }
    if (this.slowDown !== undefined) {
      return; // told to slow down: the timer resumes
    }
    this.pumping = true;
    try {
      do {
        this.again = false;
        for (const message of [...this.items]) {
          if (message.failed || !this.items.includes(message)) {
            continue;
          }
          const outcome = await this.deliver(message);
          if (typeof outcome === "object") {
            this.again = false;
            this.hooks.throttled(outcome);
            this.slowDown = setTimeout(() => {
              this.slowDown = undefined;
              void this.pump();
            }, outcome.waitMs);
            return;
          }
          if (outcome === "broken") {
            break; // the reconnect flushes again (perhaps already has: see again)
          }
        }
      } while (this.again);
      this.hooks.throttled(null); // all sent, or waiting on something else now (a reconnect, an upload)
    } finally {
      this.pumping = false;
    }
  }

  private async deliver(message: PendingMessage): Promise<Outcome> {
    const connection = this.hooks.hub();
    if (!connection || connection.state !== HubConnectionState.Connected) {
      this.hooks.connect();
      return "broken";
    }
    if (message.file && !message.file.attachmentId) {
      // A file goes up first, beside the queue (text typed meanwhile need not wait for a slow upload).
      if (!this.uploading.has(message.clientMessageId)) {
        void this.upload(message).then((ok) => {
          if (ok) {
            void this.pump();
          }
        });
      }
      return "waiting";
    }
    try {
      // No conversation id: the buyer writes to the shop, and the server puts the message in their
      // live conversation (starting a new one if the last was closed, which is when it reads the entry).
      const stored = await connection.invoke<MessageView>("SendMessage", {
        clientMessageId: message.clientMessageId,
        body: message.body,
        attachmentId: message.file?.attachmentId,
        orderId: message.order?.orderId,
        entry: this.hooks.entry(message.question),
      });
      await this.hooks.stored(stored);
      return "sent";
    } catch (error) {
      // Not stored: it stays pending and goes again shortly.
      const refused = hubRefusalOf(error);
      if (refused?.code === "too_many_messages") {
        return { waitMs: RetryAfterMs };
      }
      if (refused?.code === "too_many_conversations") {
        const seconds = Math.max(1, Math.ceil(refused.retryAfter ?? 1));
        return { waitMs: seconds * 1000, busySeconds: seconds };
      }
      const refusal = refusalOf(error);
      if (refusal) {
        this.fail(message, refusal);
        return "refused";
      }
      // Otherwise the connection broke: the message stays pending and goes again after reconnecting.
      return "broken";
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
    this.hooks.changed();
    const turn = this.uploadQueue.then(() => this.files.upload(file, info.fileName, (percent) => this.hooks.progress(message.clientMessageId, percent)));
    this.uploadQueue = turn.catch(() => undefined);
    try {
      const uploaded = await turn;
      info.attachmentId = uploaded.id;
      info.contentType = uploaded.contentType;
      this.files.local(uploaded.id, file); // the sent image shows from memory, not downloaded again
      this.localFiles.delete(message.clientMessageId);
      return true;
    } catch (error) {
      this.fail(message, error instanceof Refusal ? error.message : this.t.uploadFailed);
      return false;
    } finally {
      this.uploading.delete(message.clientMessageId);
      this.changed();
    }
  }

  private fail(message: PendingMessage, reason: string): void {
    message.failed = reason;
    this.changed();
  }

  private changed(): void {
    this.save();
    this.hooks.changed();
  }

  private save(): void {
    this.storage.outbox = this.items;
  }
}

/** A hub error the server raised on purpose, as opposed to a broken connection (see docs/api.md). */
export interface HubRefusal {
  code: string;
  message: string;
  detail?: string;
  retryAfter?: number;
}

/** Reads the refusal that follows SignalR's "HubException: " in the error; null for anything else. */
export function hubRefusalOf(error: unknown): HubRefusal | null {
  const text = messageOf(error);
  const at = text.indexOf("HubException: ");
  if (at < 0) {
    return null;
  }
  try {
    const refusal = JSON.parse(text.slice(at + "HubException: ".length)) as HubRefusal;
    return typeof refusal?.code === "string" && typeof refusal.message === "string" ? refusal : null;
  } catch {
    return null;
  }
}

/** The words of such a refusal, for the buyer. */
export function refusalOf(error: unknown): string | null {
  return hubRefusalOf(error)?.message.trim() ?? null;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
