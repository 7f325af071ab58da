import type { MessageView, PendingMessage } from "./model";
import { MaxBodyLength } from "./model";
import type { Strings } from "./i18n";
import { styles } from "./styles";

export type ConnectionState = "connecting" | "online" | "offline";

export interface UiEvents {
  open(): void;
  close(): void;
  send(body: string): void;
  retry(clientMessageId: string): void;
  earlier(): void;
}

/**
 * The widget's screen: a launcher button and a chat panel inside a shadow root. All text is set
 * with textContent, so whatever a message contains is shown as text and never runs.
 */
export class WidgetUi {
  private readonly launcher: HTMLButtonElement;
  private readonly badge: HTMLSpanElement;
  private readonly panel: HTMLElement;
  private readonly title: HTMLElement;
  private readonly status: HTMLElement;
  private readonly list: HTMLElement;
  private readonly error: HTMLElement;
  private readonly input: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;

  constructor(host: HTMLElement, private readonly t: Strings, events: UiEvents) {
    const root = host.attachShadow({ mode: "open" });
    const style = document.createElement("style");
    style.textContent = styles;
    root.appendChild(style);

    const shell = el("div", "kd");
    root.appendChild(shell);

    this.launcher = el("button", "kd-launcher") as HTMLButtonElement;
    this.launcher.type = "button";
    this.launcher.setAttribute("data-testid", "kefudesk-launcher");
    this.launcher.append(chatIcon(), text("span", "", t.launcher));
    this.badge = text("span", "kd-badge", "") as HTMLSpanElement;
    this.badge.hidden = true;
    this.badge.setAttribute("data-testid", "kefudesk-badge");
    this.launcher.appendChild(this.badge);
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
    const close = text("button", "kd-close", "×") as HTMLButtonElement;
    close.type = "button";
    close.setAttribute("aria-label", t.close);
    close.addEventListener("click", () => events.close());
    head.append(headText, close);

    this.list = el("div", "kd-messages");
    this.list.setAttribute("data-testid", "kefudesk-messages");
    this.list.setAttribute("aria-live", "polite");
    this.list.addEventListener("click", (e) => {
      const target = e.target as HTMLElement;
      const retry = target.getAttribute("data-retry");
      if (retry) {
        events.retry(retry);
      } else if (target.classList.contains("kd-earlier")) {
        events.earlier();
      }
    });

    this.error = el("div", "kd-error");
    this.error.hidden = true;
    this.error.setAttribute("role", "alert");

    const compose = el("footer", "kd-compose");
    this.input = el("textarea", "kd-input") as HTMLTextAreaElement;
    this.input.placeholder = t.placeholder;
    this.input.setAttribute("aria-label", t.placeholder);
    this.input.setAttribute("data-testid", "kefudesk-input");
    this.sendButton = text("button", "kd-send", t.send) as HTMLButtonElement;
    this.sendButton.type = "button";
    this.sendButton.setAttribute("data-testid", "kefudesk-send");
    const submit = () => {
      const body = this.input.value;
      if (!body.trim()) {
        return;
      }
      if (Array.from(body).length > MaxBodyLength) {
        this.showError(t.tooLong);
        return;
      }
      this.input.value = "";
      this.showError(null);
      events.send(body);
    };
    this.sendButton.addEventListener("click", submit);
    // Enter sends; Shift+Enter is a new line; never while an IME is composing (Chinese pinyin input).
    this.input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
        e.preventDefault();
        submit();
      }
    });
    compose.append(this.input, this.sendButton);

    this.panel.append(head, this.list, this.error, compose);
    shell.append(this.launcher, this.panel);
  }

  setShopName(name: string): void {
    this.title.textContent = name;
  }

  setOpen(open: boolean): void {
    this.panel.hidden = !open;
    this.launcher.hidden = open;
    if (open) {
      this.input.focus();
      this.scrollToEnd();
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

  showError(message: string | null): void {
    this.error.hidden = !message;
    this.error.textContent = message ?? "";
  }

  render(messages: readonly MessageView[], pending: readonly PendingMessage[], hasOlder: boolean): void {
    const atBottom = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 40;
    const fragment = document.createDocumentFragment();
    if (hasOlder) {
      fragment.appendChild(text("button", "kd-earlier", this.t.earlier));
    }
    if (messages.length === 0 && pending.length === 0) {
      fragment.appendChild(text("div", "kd-empty", this.t.empty));
    }
    for (const m of messages) {
      fragment.appendChild(this.message(m.sender, m.sender === "customer" ? this.t.you : m.senderName ?? this.t.agent, m.body, m.createdAt));
    }
    for (const p of pending) {
      const row = this.message("customer", this.t.you, p.body, p.createdAt);
      row.setAttribute("data-pending", p.failed ? "failed" : "sending");
      const state = el("div", p.failed ? "kd-state kd-state-failed" : "kd-state");
      state.append(document.createTextNode(p.failed ? `${this.t.failed}: ${p.failed} ` : this.t.sending));
      if (p.failed) {
        const retry = text("button", "", this.t.retry);
        retry.setAttribute("data-retry", p.clientMessageId);
        state.appendChild(retry);
      }
      row.appendChild(state);
      fragment.appendChild(row);
    }
    this.list.replaceChildren(fragment);
    if (atBottom || pending.length > 0) {
      this.scrollToEnd();
    }
  }

  private message(sender: string, who: string, body: string, createdAt: string): HTMLElement {
    const row = el("div", `kd-msg kd-msg-${sender === "bot" ? "system" : sender}`);
    row.setAttribute("data-testid", "kefudesk-message");
    row.setAttribute("data-sender", sender);
    if (sender !== "system" && sender !== "bot") {
      row.appendChild(text("div", "kd-meta", `${who} ${clock(createdAt)}`));
    }
    row.appendChild(text("div", "kd-bubble", body));
    return row;
  }

  private scrollToEnd(): void {
    this.list.scrollTop = this.list.scrollHeight;
  }
}

function el(tag: string, className: string): HTMLElement {
  const e = document.createElement(tag);
  if (className) {
    e.className = className;
  }
  return e;
}

function text(tag: string, className: string, content: string): HTMLElement {
  const e = el(tag, className);
  e.textContent = content;
  return e;
}

function chatIcon(): SVGSVGElement {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", "20");
  svg.setAttribute("height", "20");
  svg.setAttribute("aria-hidden", "true");
  const path = document.createElementNS(ns, "path");
  path.setAttribute("fill", "currentColor");
  path.setAttribute("d", "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm3 6.5a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01z");
  svg.appendChild(path);
  return svg;
}

function clock(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "" : `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
}
