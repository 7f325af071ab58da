import type { MessageView } from "./model";
import type { ReadMark } from "./renderers";
import type { HubSignals } from "./signals";
import type { WidgetStorage } from "./storage";
import type { Thread } from "./thread";

/**
 * Read marks both ways: how far the shop has read the buyer's messages (已读/未读 under them), what
 * the buyer's widget tells the shop (已送达, 已读), and the count of replies the buyer has not had in
 * front of them yet (the launcher's badge).
 */
export class ReadMarks {
  /** Per conversation: the shop has read the buyer's messages up to this sequence. */
  private readonly agentRead = new Map<string, number>();

  constructor(private readonly thread: Thread, private readonly signals: HubSignals, private readonly storage: WidgetStorage) {}

  /** The shop read up to here; true when that changes what the buyer sees. */
  shopRead(conversationId: string, sequence: number): boolean {
    if (sequence <= (this.agentRead.get(conversationId) ?? 0)) {
      return false;
    }
    this.agentRead.set(conversationId, sequence);
    return true;
  }

  /** 已读 or 未读 under each of the buyer's own messages in the current conversation. */
  markOf(): (m: MessageView) => ReadMark {
    const current = this.thread.conversationId;
    const readUpTo = current ? this.readUpTo(current) : 0;
    return (m) => (m.sender !== "customer" || m.recalled || m.conversationId !== current ? null : m.sequence <= readUpTo ? "read" : "unread");
  }

  /** Messages from the shop reached this widget. */
  delivered(): void {
    const id = this.thread.conversationId;
    if (id && this.thread.messages.some((m) => m.conversationId === id && m.sender !== "customer")) {
      this.signals.markDelivered(id, this.thread.lastSequence);
    }
  }

  /** The chat is open and in view: the shop sees 已读, and the launcher counts from here. */
  read(open: boolean): void {
    const id = this.thread.conversationId;
    if (open && document.visibilityState === "visible" && id && this.thread.lastSequence > 0) {
      this.signals.markRead(id, this.thread.lastSequence);
      this.storage.seen = { conversationId: id, sequence: this.thread.lastSequence };
    }
  }

  /**
   * The launcher's count: replies in the current conversation after what the buyer last had in front
   * of them, so replies that came while the page was closed show when the buyer comes back.
   */
  unseen(open: boolean): number {
    const id = this.thread.conversationId;
    if (open || !id) {
      return 0;
    }
    const seen = this.storage.seen;
    if (!seen) {
      // Nothing recorded in this browser (an older widget): count from now on, not the whole history.
      this.storage.seen = { conversationId: id, sequence: this.thread.lastSequence };
      return 0;
    }
    const after = seen.conversationId === id ? seen.sequence : 0;
    return this.thread.messages.filter((m) => m.conversationId === id && m.sender !== "customer" && !m.recalled && m.sequence > after).length;
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
