import { button, el, placeChildren, text } from "./dom";
import type { Strings } from "./i18n";
import type { MessageView, PendingMessage } from "./model";
import { renderMessage, renderPending, type PendingState, type ReadMark, type RenderContext } from "./renderers";
import type { AttachmentFiles } from "./upload";

/** Everything the message list shows. */
export interface ThreadView {
  messages: readonly MessageView[];
  pending: readonly PendingMessage[];
  hasOlder: boolean;
  stateOf(p: PendingMessage): PendingState;
  fileOf(p: PendingMessage): Blob | undefined;
  markOf(m: MessageView): ReadMark;
}

export interface ListEvents {
  retry(clientMessageId: string): void;
  discard(clientMessageId: string): void;
  earlier(): void;
}

interface Row {
  sig: string;
  node: HTMLElement;
}

/**
 * The scrolling list of messages. Rows are kept between draws while their message is unchanged, so
 * images do not reload and a half-typed survey comment survives a new message; it stays at the
 * bottom unless the buyer scrolled up to read.
 */
export class MessageList {
  readonly element: HTMLElement;
  private readonly earlier: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly ctx: RenderContext;
  private rows = new Map<string, Row>();
  private inUse = new Set<string>();
  private stick = true;
  private shownPending = 0;
  private firstKey: string | null = null;

  constructor(t: Strings, private readonly files: AttachmentFiles, ctx: Omit<RenderContext, "media" | "loaded">, events: ListEvents) {
    this.element = el("div", "kd-messages");
    this.element.setAttribute("data-testid", "kefudesk-messages");
    this.element.setAttribute("aria-live", "polite");
    this.element.addEventListener("click", (e) => {
      const target = e.target as HTMLElement;
      const retry = target.getAttribute("data-retry");
      const discard = target.getAttribute("data-discard");
      if (retry) {
        events.retry(retry);
      } else if (discard) {
        events.discard(discard);
      } else if (target.classList.contains("kd-earlier")) {
        events.earlier();
      }
    });
    this.element.addEventListener("scroll", () => (this.stick = this.atBottom()), { passive: true });
    this.earlier = button("kd-earlier", t.earlier);
    this.empty = text("div", "kd-empty", t.empty);
    this.ctx = {
      ...ctx,
      media: (key, file) => {
        this.inUse.add(key);
        return file ? files.local(key, file) : files.url(key);
      },
      loaded: () => {
        if (this.stick) {
          this.scrollToEnd();
        }
      },
    };
  }

  /** The panel opened: start at the newest message. */
  opened(view: ThreadView | null): void {
    this.stick = true;
    this.draw(view);
    this.scrollToEnd();
  }

  /** The panel closed: nothing is drawn while closed, so let go of the images. */
  clear(): void {
    this.rows.clear();
    this.firstKey = null;
    this.element.replaceChildren();
    this.files.clear();
  }

  /** Upload progress on a pending file's row, without drawing the row again. */
  setProgress(clientMessageId: string, label: string): void {
    const row = this.rows.get(`p:${clientMessageId}`)?.node;
    const state = row?.getAttribute("data-pending") === "uploading" ? row.querySelector("[data-testid=kefudesk-pending-state]") : null;
    if (state) {
      state.textContent = label;
    }
  }

  draw(view: ThreadView | null): void {
    if (!view) {
      return;
    }
    const rows = new Map<string, Row>();
    this.inUse = new Set();
    const nodes: HTMLElement[] = [];
    const keep = (key: string, sig: string, build: () => HTMLElement, media: string[]) => {
      const old = this.rows.get(key);
      const row = old && old.sig === sig ? old : { sig, node: build() };
      media.forEach((m) => this.inUse.add(m));
      rows.set(key, row);
      nodes.push(row.node);
    };
    if (view.hasOlder) {
      nodes.push(this.earlier);
    }
    if (view.messages.length === 0 && view.pending.length === 0) {
      nodes.push(this.empty);
    }
    const firstKey = view.messages.length ? key(view.messages[0]) : null;
    for (const m of view.messages) {
      const mark = view.markOf(m);
      const sig = `${m.recalled ? "r" : ""}|${m.survey?.rating ?? ""}|${mark ?? ""}|${m.body.length}`;
      const media = m.kind === "image" && m.attachment && !m.recalled ? [m.attachment.id] : [];
      keep(key(m), sig, () => renderMessage(m, mark, this.ctx), media);
    }
    for (const p of view.pending) {
      const state = view.stateOf(p);
      const file = view.fileOf(p);
      const sig = `${state}|${p.failed ?? ""}|${p.file?.attachmentId ?? ""}|${file ? "f" : ""}`;
      const media = p.file ? [p.file.attachmentId ?? `local:${p.clientMessageId}`] : [];
      keep(`p:${p.clientMessageId}`, sig, () => renderPending(p, state, file, this.ctx), media);
    }
    // Older messages put in above: keep the view where it was (no browser does this for us reliably).
    const list = this.element;
    const prepended = this.firstKey !== null && firstKey !== this.firstKey && rows.has(this.firstKey);
    const fromBottom = list.scrollHeight - list.scrollTop;
    this.rows = rows;
    this.firstKey = firstKey;
    placeChildren(list, nodes);
    if (prepended && !this.stick) {
      list.scrollTop = list.scrollHeight - fromBottom;
    }
    this.files.keepOnly(this.inUse);
    if (this.stick || view.pending.length > this.shownPending) {
      this.scrollToEnd();
    }
    this.shownPending = view.pending.length;
  }

  private atBottom(): boolean {
    const list = this.element;
    return list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  }

  private scrollToEnd(): void {
    this.element.scrollTop = this.element.scrollHeight;
  }
}

function key(m: MessageView): string {
  return `m:${m.conversationId}:${m.sequence}`;
}
