import type { MessageView, SatisfactionRating } from "./model";

export type Accepted = "added" | "duplicate" | "gap";

/**
 * The messages the widget shows, kept in order and free of duplicates. The server numbers each
 * conversation's messages 1, 2, 3…; a number that skips ahead means a push was missed, and the
 * caller fetches what lies between instead of trusting pushes.
 */
export class Thread {
  conversationId: string | null = null;
  lastSequence = 0;
  hasOlder = false;
  private readonly items: MessageView[] = [];
  private readonly keys = new Map<string, MessageView>();

  get messages(): readonly MessageView[] {
    return this.items;
  }

  /** Replaces everything with the buyer's current thread as the server sees it. */
  reset(conversationId: string | null, messages: MessageView[], hasOlder: boolean): void {
    this.items.length = 0;
    this.keys.clear();
    this.conversationId = conversationId;
    this.lastSequence = 0;
    this.hasOlder = hasOlder;
    this.addRange(messages);
  }

  /** The buyer's current conversation is now another one (the last was closed): follow it. */
  follow(conversationId: string, messages: MessageView[], hasOlder: boolean): void {
    this.conversationId = conversationId;
    this.lastSequence = 0;
    this.hasOlder = hasOlder;
    this.addRange(messages);
  }

  /** The first message of the current conversation: "show earlier" pages back from it. */
  get firstOfCurrent(): MessageView | undefined {
    return this.items.find((m) => m.conversationId === this.conversationId);
  }

  /** An agent took a message back: the buyer sees that it was recalled, not what it said. */
  recall(messageId: string): boolean {
    const m = this.items.find((x) => x.id === messageId);
    if (!m || m.recalled) {
      return false;
    }
    m.recalled = true;
    m.body = "";
    m.attachment = m.product = m.order = null;
    return true;
  }

  /** The buyer answered a survey: its card shows the rating from now on. */
  rated(surveyId: string, rating: SatisfactionRating): void {
    for (const m of this.items) {
      if (m.survey?.surveyId === surveyId) {
        m.survey = { surveyId, rating };
      }
    }
  }

  /** Older messages fetched by "show earlier". */
  prepend(messages: MessageView[], hasOlder: boolean): void {
    this.hasOlder = hasOlder;
    this.addRange(messages);
  }

  /** A pushed message: added, already known, or ahead of what we have (fetch the gap). */
  accept(message: MessageView): Accepted {
    if (this.keys.has(key(message))) {
      return "duplicate";
    }
    if (this.conversationId !== null && message.conversationId !== this.conversationId) {
      // The shop started a new conversation with this buyer: follow it from its first message.
      this.conversationId = message.conversationId;
      this.lastSequence = 0;
    }
    this.conversationId ??= message.conversationId;
    if (message.sequence > this.lastSequence + 1) {
      return "gap";
    }
    this.insert(message);
    return "added";
  }

  /** Fetched messages: new ones are added; known ones take what changed since (recalled, rated). */
  addRange(messages: MessageView[]): void {
    for (const m of messages) {
      const known = this.keys.get(key(m));
      if (!known) {
        this.conversationId ??= m.conversationId;
        this.insert(m);
      } else if (m.recalled && !known.recalled) {
        this.recall(known.id);
      } else if (m.survey?.rating && known.survey && !known.survey.rating) {
        known.survey = m.survey;
      }
    }
  }

  has(clientMessageId: string): boolean {
    return this.items.some((m) => m.clientMessageId === clientMessageId);
  }

  private insert(message: MessageView): void {
    this.keys.set(key(message), message);
    if (message.conversationId === this.conversationId && message.sequence > this.lastSequence) {
      this.lastSequence = message.sequence;
    }
    let i = this.items.length;
    while (i > 0 && compare(this.items[i - 1], message) > 0) {
      i--;
    }
    this.items.splice(i, 0, message);
  }
}

function key(m: MessageView): string {
  return `${m.conversationId}:${m.sequence}`;
}

function compare(a: MessageView, b: MessageView): number {
  if (a.conversationId === b.conversationId) {
    return a.sequence - b.sequence;
  }
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0;
}
