import { composer, dropZone } from "./compose";
import { button, el, icon, text } from "./dom";
import type { Strings } from "./i18n";
import { MessageList, type ThreadView } from "./list";
import { styles } from "./styles";
import type { RateService } from "./survey";
import type { AttachmentFiles } from "./upload";

export type ConnectionState = "connecting" | "online" | "offline" | "refused";

export interface UiEvents {
  open(): void;
  close(): void;
  /** False (or a promise of false) when the message was not taken: the buyer's text stays in the box. */
  send(body: string): boolean | Promise<boolean>;
  retry(clientMessageId: string): void;
  /** A message that failed, taken back by the buyer. */
  discard(clientMessageId: string): void;
  earlier(): void;
  attach(files: File[]): void;
  typing(): void;
  rate: RateService;
}

/**
 * The widget's screen: a launcher button and a chat panel inside a shadow root. All text is set
 * with textContent, so whatever a message contains is shown as text and never runs. Around the
 * message list: the offline banner (留言), notices, and the pre-chat form or contact fields before
 * the composer.
 */
export class WidgetUi {
  private readonly root: ShadowRoot;
  private readonly launcher: HTMLButtonElement;
  private readonly badge: HTMLSpanElement;
  private readonly panel: HTMLElement;
  private readonly title: HTMLElement;
  private readonly status: HTMLElement;
  private readonly list: MessageList;
  private readonly typingLine: HTMLElement;
  private readonly error: HTMLElement;
  private readonly notice: HTMLElement;
  private readonly banner: HTMLElement;
  private readonly bannerNote: HTMLElement;
  private readonly before: HTMLElement;
  /** The queue banner and the question menu, between the messages and the composer. */
  readonly aboveComposer: HTMLElement;
  private readonly compose: HTMLElement;
  private readonly input: HTMLTextAreaElement;
  private readonly lightbox: HTMLElement;
  private view: ThreadView | null = null;

  constructor(host: HTMLElement, private readonly t: Strings, files: AttachmentFiles, baseUrl: string, events: UiEvents) {
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
    close.setAttribute("data-testid", "kefudesk-close");
    close.addEventListener("click", () => events.close());
    head.append(headText, close);

    this.list = new MessageList(t, files, {
      t,
      baseUrl,
      rate: events.rate,
      showImage: (url, alt) => this.showImage(url, alt),
      download: (a) => files.download(a, this.root).catch(() => this.showError(t.downloadFailed)),
    }, events);

    this.typingLine = text("div", "kd-typing", t.agentTyping);
    this.typingLine.hidden = true;
    this.typingLine.setAttribute("data-testid", "kefudesk-typing");
    this.error = el("div", "kd-error");
    this.error.hidden = true;
    this.error.setAttribute("role", "alert");
    this.error.setAttribute("data-testid", "kefudesk-error");
    this.notice = el("div", "kd-notice");
    this.notice.hidden = true;
    this.notice.setAttribute("role", "status");
    this.notice.setAttribute("data-testid", "kefudesk-notice");
    // Nobody of the shop online: the buyer leaves a message (留言) and hears back later.
    this.banner = el("div", "kd-banner");
    this.banner.hidden = true;
    this.banner.setAttribute("role", "status");
    this.banner.setAttribute("data-testid", "kefudesk-offline");
    this.bannerNote = text("div", "kd-banner-note", "");
    this.bannerNote.hidden = true;
    this.bannerNote.setAttribute("data-testid", "kefudesk-contact-saved");
    this.banner.append(text("div", "", t.offlineBanner), this.bannerNote);
    // What goes before the composer: the pre-chat form, or contact fields beside an offline message.
    this.before = el("div", "kd-before");
    this.aboveComposer = el("div", "kd-above");
    this.input = el("textarea", "kd-input");
    this.lightbox = el("div", "kd-lightbox");
    this.lightbox.hidden = true;
    this.lightbox.addEventListener("click", () => this.closeImage());
    this.panel.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && !this.lightbox.hidden) {
        this.closeImage();
      }
    });

    this.compose = composer(this.input, t, events, (m) => this.showError(m));
    this.panel.append(head, this.banner, this.list.element, this.typingLine, this.notice, this.error, this.aboveComposer, this.before, this.compose,
      dropZone(this.panel, t, events.attach), this.lightbox);
    shell.append(this.launcher, this.panel);

  }

  /**
   * A button of a feature's own in the compose bar, after the attach button, and what it opens: a
   * popup standing on top of the compose bar (the order picker's 订单 and its list).
   */
  addTool(tool: HTMLElement, popup: HTMLElement): void {
    this.compose.insertBefore(tool, this.input);
    this.compose.append(popup);
  }

  /** The keyboard back to the message box (after picking something to send, the buyer may want to add a word). */
  focusComposer(): void {
    if (!this.panel.hidden) {
      this.focus();
    }
  }

  setShopName(name: string): void {
    this.title.textContent = name;
  }

  setOpen(open: boolean): void {
    this.panel.hidden = !open;
    this.launcher.hidden = open;
    if (open) {
      this.list.opened(this.view);
      this.focus();
    } else {
      this.closeImage();
      this.list.clear();
    }
  }

  setUnread(count: number): void {
    this.badge.hidden = count === 0;
    this.badge.textContent = count > 99 ? "99+" : String(count);
  }

  setState(state: ConnectionState): void {
    this.state = state;
    // A site that may not embed the chat: nothing typed here could be sent, so nothing to type into.
    if (state !== "connecting") {
      this.panel.toggleAttribute("data-refused", state === "refused");
    }
    this.showStatus();
  }

  /** Whether someone of the shop is online; when not, the 留言 banner shows. */
  setStaffed(staffed: boolean): void {
    this.staffed = staffed;
    this.banner.hidden = staffed;
    this.showStatus();
  }

  private state: ConnectionState = "connecting";
  private staffed = true;

  /**
   * The head's dot and words: connected and someone of the shop online is green 已连接; connected
   * with nobody online says so in amber (a green "connected" above "nobody is here" reads as a lie).
   */
  private showStatus(): void {
    const unstaffed = this.state === "online" && !this.staffed;
    this.status.setAttribute("data-state", this.state);
    this.status.toggleAttribute("data-unstaffed", unstaffed);
    this.status.textContent = unstaffed
      ? this.t.onlineUnstaffed
      : { online: this.t.online, offline: this.t.offline, connecting: this.t.connecting, refused: this.t.notConnected }[this.state];
  }

  /** A line under the offline banner (the contact details were saved). */
  setBannerNote(note: string | null): void {
    this.bannerNote.hidden = !note;
    this.bannerNote.textContent = note ?? "";
  }

  /**
   * What comes before the composer: the pre-chat form (which takes the composer's place until it is
   * filled or skipped), contact fields (beside the composer), or nothing.
   */
  showBefore(content: HTMLElement | null, replacesComposer: boolean): void {
    const changed = this.before.firstChild !== content;
    if (changed) {
      this.before.replaceChildren(...(content ? [content] : []));
    }
    this.before.hidden = !content;
    const wasHidden = this.compose.hidden;
    this.compose.hidden = replacesComposer;
    if (!this.panel.hidden && (changed || wasHidden !== replacesComposer)) {
      this.focus();
    }
  }

  /** A gentle, passing note (sending too fast, the shop busy), not an error. */
  setNotice(message: string | null): void {
    this.notice.hidden = !message;
    this.notice.textContent = message ?? "";
  }

  /** Takes down this note, if it is the one showing (another may have taken its place). */
  clearNotice(message: string): void {
    if (this.notice.textContent === message) {
      this.setNotice(null);
    }
  }

  setAgentTyping(typing: boolean): void {
    this.typingLine.hidden = !typing;
  }

  /** Upload progress on a pending file's row, without drawing the row again. */
  setProgress(clientMessageId: string, percent: number): void {
    this.list.setProgress(clientMessageId, `${this.t.uploading} ${percent}%`);
  }

  showError(message: string | null): void {
    this.error.hidden = !message;
    this.error.textContent = message ?? "";
  }

  render(view: ThreadView): void {
    this.view = view;
    if (!this.panel.hidden) {
      this.list.draw(view);
    }
  }

  /** The composer, or the first field of the form standing in for it. */
  private focus(): void {
    const field = this.compose.hidden ? this.before.querySelector<HTMLInputElement>("input") : null;
    (field ?? this.input).focus();
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
}
