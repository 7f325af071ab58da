import { HubConnectionState, type HubConnection } from "@microsoft/signalr";

const MarkInterval = 1000;
const TypingRepeat = 3000;
const TypingIdle = 5000;

interface Mark {
  conversationId: string;
  sequence: number;
}

/**
 * What the widget tells the shop besides messages: 已送达 and 已读 marks, and 正在输入. Each is
 * rate-limited (marks at most once a second, typing every three seconds) so a busy chat or a fast
 * typist does not turn into a stream of hub calls.
 */
export class HubSignals {
  private readonly read: MarkSender;
  private readonly delivered: MarkSender;
  private typingIn: string | null = null;
  private typingSentAt = 0;
  private typingIdle: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly hub: () => HubConnection | null) {
    this.read = new MarkSender("MarkRead", hub, null);
    this.delivered = new MarkSender("MarkDelivered", hub, this.read);
  }

  /** Messages from the shop reached the widget, up to this sequence. */
  markDelivered(conversationId: string, sequence: number): void {
    this.delivered.want({ conversationId, sequence });
  }

  /** The buyer has the panel open and in view, up to this sequence. */
  markRead(conversationId: string, sequence: number): void {
    this.read.want({ conversationId, sequence });
  }

  /** A key went into the message box. */
  typing(conversationId: string): void {
    const now = Date.now();
    if (this.typingIn !== conversationId || now - this.typingSentAt >= TypingRepeat) {
      if (this.typingIn && this.typingIn !== conversationId) {
        this.stopTyping();
      }
      if (this.notify("Typing", conversationId, true)) {
        this.typingIn = conversationId;
        this.typingSentAt = now;
      }
    }
    clearTimeout(this.typingIdle);
    this.typingIdle = setTimeout(() => this.stopTyping(), TypingIdle);
  }

  /** Sent, or idle for a while: the shop stops showing 正在输入. */
  stopTyping(): void {
    clearTimeout(this.typingIdle);
    const conversationId = this.typingIn;
    this.typingIn = null;
    if (conversationId) {
      this.notify("Typing", conversationId, false);
    }
  }

  /** Typing needs no answer: sent without waiting for one (a lost notice ends by itself after a few seconds). */
  private notify(method: string, ...args: unknown[]): boolean {
    const connection = this.hub();
    if (connection?.state !== HubConnectionState.Connected) {
      return false;
    }
    connection.send(method, ...args).catch(() => undefined);
    return true;
  }
}

/** One kind of mark: sends the latest wanted sequence at most once per interval, never one already sent. */
class MarkSender {
  private wanted: Mark | null = null;
  private sent: Mark | null = null;
  private last = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** stronger: a mark that makes this one pointless once sent (read implies delivered). */
  constructor(
    private readonly method: string,
    private readonly hub: () => HubConnection | null,
    private readonly stronger: MarkSender | null,
  ) {}

  want(mark: Mark): void {
    if (this.needless(mark)) {
      return;
    }
    if (!this.wanted || this.wanted.conversationId !== mark.conversationId || mark.sequence > this.wanted.sequence) {
      this.wanted = mark;
    }
    if (this.timer !== undefined) {
      return; // the flush already planned takes the latest wanted mark
    }
    const wait = this.last + MarkInterval - Date.now();
    if (wait <= 0) {
      this.flush();
    } else {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, wait);
    }
  }

  covers(mark: Mark): boolean {
    return this.sent !== null && this.sent.conversationId === mark.conversationId && this.sent.sequence >= mark.sequence;
  }

  private needless(mark: Mark): boolean {
    return this.covers(mark) || (this.stronger?.covers(mark) ?? false);
  }

  private flush(): void {
    const mark = this.wanted;
    const connection = this.hub();
    if (!mark || this.needless(mark) || connection?.state !== HubConnectionState.Connected) {
      return;
    }
    this.last = Date.now();
    const previous = this.sent;
    this.sent = mark;
    connection.invoke(this.method, mark.conversationId, mark.sequence).catch(() => {
      if (this.sent === mark) {
        this.sent = previous; // not recorded: the next arrival asks again
      }
    });
  }
}
