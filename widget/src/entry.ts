import { MaxEntryLength, type EntryContext } from "./model";

/** What a page or one of its buttons says about where the buyer starts. */
export interface EntryOptions {
  /** The entry point, e.g. "after-sales-button" (the shop's entry rules may send it to 售后). */
  entry?: unknown;
  /** The order the buyer asks about. */
  orderNo?: unknown;
}

/**
 * Where the buyer starts, sent with their messages (the server reads it when a message starts a
 * conversation): the entry point and order number from the page (KefuDeskConfig.entry / orderNo, or
 * data-entry / data-order-no on the script tag), changed by a button that opens the chat with its own
 * (KefuDesk.open({ entry: "after-sales-button" })), and the page the buyer is on.
 */
export class EntrySource {
  private point: string | null;
  private orderNo: string | null;

  constructor(page: EntryOptions, script: HTMLScriptElement) {
    this.point = clip(page.entry) ?? clip(script.dataset.entry);
    this.orderNo = clip(page.orderNo) ?? clip(script.dataset.orderNo);
  }

  /** A button opened the chat: what it says counts from now on (what it leaves out stays as the page said). */
  opened(options: EntryOptions | undefined): void {
    if (!options || typeof options !== "object") {
      return;
    }
    this.point = clip(options.entry) ?? this.point;
    this.orderNo = clip(options.orderNo) ?? this.orderNo;
  }

  /** The context for one message; question: picked from the menu. */
  context(question?: string): EntryContext {
    return {
      point: this.point,
      page: clip(window.location.href),
      question: clip(question),
      orderNo: this.orderNo,
    };
  }
}

/** A short text (numbers too: order numbers are often written as such), trimmed and cut to the length the server keeps. */
export function clip(value: unknown): string | null {
  const raw = typeof value === "number" && Number.isFinite(value) ? String(value) : value;
  if (typeof raw !== "string" || !raw.trim()) {
    return null;
  }
  return Array.from(raw.trim()).slice(0, MaxEntryLength).join("");
}
