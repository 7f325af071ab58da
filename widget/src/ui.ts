import { composer, dropZone } from "./compose";
import { button, el, icon, placeChildren, text } from "./dom";
import type { Strings } from "./i18n";
import type { MessageView, PendingMessage } from "./model";
import { renderMessage, renderPending, type PendingState, type ReadMark, type RenderContext } from "./renderers";
import { styles } from "./styles";
import type { RateService } from "./survey";
import type { AttachmentFiles } from "./upload";

export type ConnectionState = "connecting" | "online" | "offline";

export interface UiEvents {
  open(): void;
  close(): void;
  send(body: string): void;
  retry(clientMessageId: string): void;
  /** A message that failed, taken back by the buyer. */
  discard(clientMessageId: string): void;
  earlier(): void;
  attach(files: File[]): void;
  typing(): void;
  rate: RateService;
}

/** Everything the message list shows. */
export interface ThreadView {
  messages: readonly MessageView[];
  pending: readonly PendingMessage[];
  hasOlder: boolean;
  stateOf(p: PendingMessage): PendingState;
  fileOf(p: PendingMessage): Blob | undefined;
  markOf(m: MessageView): ReadMark;
}

interface Row {
  sig: string;
  node: HTMLElement;
}

/**
 * The widget's screen: a launcher button and a chat panel inside a shadow root. All text is set
 * with textContent, so whatever a message contains is shown as text and never runs. Rows are
 * kept between renders while their message is unchanged, so images do not reload and a half-typed
 * survey comment survives a new message.
 */
export class WidgetUi {
  private readonly root: ShadowRoot;
  private readonly launcher: HTMLButtonElement;
  private readonly badge: HTMLSpanElement;
  private readonly panel: HTMLElement;
  private readonly title: HTMLElement;
  private readonly status: HTMLElement;
  private readonly list: HTMLElement;
  private readonly typingLine: HTMLElement;
  private readonly error: HTMLElement;
  private readonly input: HTMLTextAreaElement;
  private readonly lightbox: HTMLElement;
  private readonly earlier: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly ctx: RenderContext;
  private rows = new Map<string, Row>();
  private inUse = new Set<string>();
  private view: ThreadView | null = null;
  private stick = true;
  private shownPending = 0;
  private firstKey: string | null = null;

  constructor(host: HTMLElement, private readonly t: Strings, private readonly files: AttachmentFiles, baseUrl: string, events: UiEvents) {
    this.root = host.attachShadow({ mode: "open" });
    const style = el("style");
    style.textContent = styles;
    const shell = el("div", "kd");
    this.root.append(style, shell);

    this.launcher = button("kd-launcher", "");
    this.launcher.setAttribute("data-testid", "kefudesk-launcher");
    this.badge = text("span", "kd-badge", "");
    this.badge.hidden = true;
    this.badge.setAttribute("data-testid", "kefudesk-badge");
    this.launcher.append(icon("chat"), text("span", "", t.launcher), this.badge);
    this.launcher.addEventListener("click", () => events.open());

    this.panel = el("section", "kd-panel");
    this.panel.hidden = true;
    this.panel.setAttribute("role", "dialog");
    this.panel.setAttribute("aria-label", t.title);
    this.panel.setAttribute("data-testid", "kefudesk-panel");

    const head = el("header", "kd-head");
    const headText = el("div", "kd-head-text");
    this.title = text("div", "kd-title", t.title);
    this.status = text("div", "kd-status", t.connecting);
    this.status.setAttribute("data-testid", "kefudesk-status");
    headText.append(this.title, this.status);
    const close = button("kd-close", "×");
    close.setAttribute("aria-label", t.close);
    close.addEventListener("click", () => events.close());
    head.append(headText, close);

    this.list = el("div", "kd-messages");
    this.list.setAttribute("data-testid", "kefudesk-messages");
    this.list.setAttribute("aria-live", "polite");
    this.list.addEventListener("click", (e) => {
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
    this.list.addEventListener("scroll", () => (this.stick = this.atBottom()), { passive: true });

    this.earlier = button("kd-earlier", t.earlier);
    this.empty = text("div", "kd-empty", t.empty);

    this.typingLine = text("div", "kd-typing", t.agentTyping);
    this.typingLine.hidden = true;
    this.typingLine.setAttribute("data-testid", "kefudesk-typing");
    this.error = el("div", "kd-error");
    this.error.hidden = true;
    this.error.setAttribute("role", "alert");
    this.input = el("textarea", "kd-input");
    this.lightbox = el("div", "kd-lightbox");
    this.lightbox.hidden = true;
    this.lightbox.addEventListener("click", () => this.closeImage());
    this.panel.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && !this.lightbox.hidden) {
        this.closeImage();
      }
    });

    const compose = composer(this.input, t, events, (m) => this.showError(m));
    this.panel.append(head, this.list, this.typingLine, this.error, compose, dropZone(this.panel, t, events.attach), this.lightbox);
    shell.append(this.launcher, this.panel);

    this.ctx = {
      t,
      baseUrl,
      rate: events.rate,
      media: (key, file) => {
        this.inUse.add(key);
        return file ? files.local(key, file) : files.url(key);
      },
      showImage: (url, alt) => this.showImage(url, alt),
      download: (a) => files.download(a, this.root).catch(() => this.showError(t.downloadFailed)),
      loaded: () => {
        if (this.stick) {
          this.scrollToEnd();
        }
      },
    };
  }

  setShopName(name: string): void {
    this.title.textContent = name;
  }

  setOpen(open: boolean): void {
    this.panel.hidden = !open;
    this.launcher.hidden = open;
    if (open) {
      this.stick = true;
      this.draw();
      this.input.focus();
      this.scrollToEnd();
    } else {
      // Nothing is drawn while closed: let go of the images.
      this.closeImage();
      this.rows.clear();
      this.firstKey = null;
      this.list.replaceChildren();
      this.files.clear();
    }
  }

  setUnread(count: number): void {
    this.badge.hidden = count === 0;
    this.badge.textContent = count > 99 ? "99+" : String(count);
  }

  setState(state: ConnectionState): void {
    this.status.setAttribute("data-state", state);
    this.status.textContent = state === "online" ? this.t.online : state === "offline" ? this.t.offline : this.t.connecting;
  }

  setAgentTyping(typing: boolean): void {
    this.typingLine.hidden = !typing;
  }

  /** Upload progress on a pending file's row, without drawing the row again. */
  setProgress(clientMessageId: string, percent: number): void {
    const row = this.rows.get(`p:${clientMessageId}`)?.node;
    const state = row?.getAttribute("data-pending") === "uploading" ? row.querySelector("[data-testid=kefudesk-pending-state]") : null;
    if (state) {
      state.textContent = `${this.t.uploading} ${percent}%`;
    }
  }

  showError(message: string | null): void {
    this.error.hidden = !message;
    this.error.textContent = message ?? "";
  }

  render(view: ThreadView): void {
    this.view = view;
    if (!this.panel.hidden) {
      this.draw();
    }
  }

  private draw(): void {
    const view = this.view;
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
    const prepended = this.firstKey !== null && firstKey !== this.firstKey && rows.has(this.firstKey);
    const fromBottom = this.list.scrollHeight - this.list.scrollTop;
    this.rows = rows;
    this.firstKey = firstKey;
    placeChildren(this.list, nodes);
    if (prepended && !this.stick) {
      this.list.scrollTop = this.list.scrollHeight - fromBottom;
    }
    this.files.keepOnly(this.inUse);
    if (this.stick || view.pending.length > this.shownPending) {
      this.scrollToEnd();
    }
    this.shownPending = view.pending.length;
  }

  private showImage(url: string, alt: string): void {
    const img = el("img");
    img.src = url;
    img.alt = alt;
    const close = button("kd-close", "×");
    close.setAttribute("aria-label", this.t.close);
    this.lightbox.replaceChildren(img, close);
    this.lightbox.hidden = false;
    close.focus();
  }

  private closeImage(): void {
    this.lightbox.hidden = true;
    this.lightbox.replaceChildren();
  }

  private atBottom(): boolean {
    return this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 40;
  }

  private scrollToEnd(): void {
    this.list.scrollTop = this.list.scrollHeight;
  }
}

function key(m: MessageView): string {
  return `m:${m.conversationId}:${m.sequence}`;
}
