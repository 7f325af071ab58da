import { button, dateTime, el, icon, text, yuan } from "./dom";
import type { Strings } from "./i18n";
import type { BuyerOrder, BuyerOrderPage } from "./model";
import { safeImageUrl } from "./renderers";

/** How many orders a page brings (the server allows up to 20). */
const PageSize = 10;

/** Where the picker reads the buyer's orders: the visitor token, once the session has one. */
export interface OrderSource {
  baseUrl: string;
  culture: string;
  /** The token, waiting for the session if there is none yet. */
  token(): Promise<string | null>;
}

type State = "closed" | "loading" | "ready" | "failed";

/**
 * The 订单 button in the compose bar and the list it opens above the composer: the buyer's own
 * orders in this shop, newest first, 加载更多 for older ones. Picking one sends it as an order card
 * (through the outbox, like any message) and closes the list; so do Esc and a click elsewhere.
 * Every opening reads afresh (an order's state changes), and an answer to an earlier opening is dropped.
 */
export class OrderPicker {
  readonly element: HTMLElement;
  readonly toggle: HTMLButtonElement;
  private readonly list: HTMLElement;
  private readonly status: HTMLElement;
  private readonly more: HTMLButtonElement;
  private state: State = "closed";
  private orders: BuyerOrder[] = [];
  private hasMore = false;
  private asked = 0;

  /** pick: false when the order could not be taken (nothing is sent; the list stays). */
  constructor(private readonly source: OrderSource, private readonly t: Strings, private readonly pick: (order: BuyerOrder) => boolean) {
    this.toggle = button("kd-attach kd-orders-toggle", "");
    this.toggle.append(icon("order", 20), text("span", "kd-tool-label", t.orders));
    this.toggle.setAttribute("aria-label", t.ordersOpen);
    this.toggle.title = t.ordersOpen;
    this.toggle.setAttribute("aria-haspopup", "dialog");
    this.toggle.setAttribute("aria-expanded", "false");
    this.toggle.setAttribute("data-testid", "kefudesk-orders-toggle");
    this.toggle.addEventListener("click", () => (this.state === "closed" ? this.open() : this.close()));

    this.element = el("div", "kd-orders");
    this.element.hidden = true;
    this.element.setAttribute("role", "dialog");
    this.element.setAttribute("aria-label", t.ordersTitle);
    this.element.setAttribute("data-testid", "kefudesk-orders");
    this.element.tabIndex = -1; // focus lands on the list when it opens, so Tab walks the orders
    const head = el("div", "kd-orders-head");
    const close = button("kd-orders-close", "×");
    close.setAttribute("aria-label", t.close);
    close.addEventListener("click", () => this.close(true));
    head.append(text("div", "kd-orders-title", t.ordersTitle), close);
    this.list = el("div", "kd-orders-list");
    this.list.setAttribute("role", "list");
    this.status = el("div", "kd-orders-status");
    this.status.setAttribute("role", "status");
    this.status.setAttribute("data-testid", "kefudesk-orders-status");
    this.more = button("kd-orders-more", t.ordersMore);
    this.more.setAttribute("data-testid", "kefudesk-orders-more");
    // Older orders; after a failure, the same button tries again (from the start if nothing came yet).
    this.more.addEventListener("click", () => void this.load(this.orders.length === 0));
    const body = el("div", "kd-orders-body");
    body.append(this.list, this.status, this.more);
    this.element.append(head, body);
    this.list.addEventListener("click", (e) => {
      const row = (e.target as HTMLElement).closest<HTMLElement>("[data-order-id]");
      const order = this.orders.find((o) => o.orderId === row?.getAttribute("data-order-id"));
      if (order && this.pick(order)) {
        this.close();
      }
    });
  }

  get isOpen(): boolean {
    return this.state !== "closed";
  }

  open(): void {
    if (this.isOpen) {
      return;
    }
    this.element.hidden = false;
    this.toggle.setAttribute("aria-expanded", "true");
    document.addEventListener("keydown", this.onKey, true);
    document.addEventListener("pointerdown", this.onPointer, true);
    this.element.focus();
    void this.load(true);
  }

  /** refocus: give the keyboard back to the button (Esc, ×), not when the buyer clicked elsewhere. */
  close(refocus = false): void {
    if (!this.isOpen) {
      return;
    }
    this.asked++; // an answer still on its way is for a list nobody sees
    this.state = "closed";
    this.element.hidden = true;
    this.toggle.setAttribute("aria-expanded", "false");
    document.removeEventListener("keydown", this.onKey, true);
    document.removeEventListener("pointerdown", this.onPointer, true);
    if (refocus) {
      this.toggle.focus();
    }
  }

  private readonly onKey = (e: KeyboardEvent) => {
    if (e.key === "Escape") {
      e.stopPropagation();
      this.close(true);
    }
  };

  /** A press anywhere but the list or its button (inside the chat or on the shop's page) closes it. */
  private readonly onPointer = (e: PointerEvent) => {
    const path = e.composedPath();
    if (!path.includes(this.element) && !path.includes(this.toggle)) {
      this.close();
    }
  };

  /** fresh: the first page (on opening, or again after a failure); otherwise the page after the last shown. */
  private async load(fresh: boolean): Promise<void> {
    const asked = ++this.asked;
    const root = this.element.getRootNode() as Document | ShadowRoot;
    const fromButton = root.activeElement === this.more; // the button hides while loading: the keyboard goes on to what it brought
    const known = this.orders.length;
    if (fresh) {
      this.orders = [];
      this.hasMore = false;
    }
    this.show("loading");
    try {
      const page = await this.fetchPage(fresh ? null : this.orders[this.orders.length - 1]?.orderId ?? null);
      if (asked !== this.asked) {
        return;
      }
      this.orders = this.orders.concat(page.orders.filter((o) => !this.orders.some((known) => known.orderId === o.orderId)));
      this.hasMore = page.hasMore;
      this.show("ready");
      if (fromButton) {
        (this.list.querySelectorAll<HTMLElement>("[data-order-id]")[fresh ? 0 : known] ?? this.element).focus();
      }
    } catch {
      if (asked === this.asked) {
        this.show("failed");
      }
    }
  }

  private async fetchPage(before: string | null): Promise<BuyerOrderPage> {
    const token = await this.source.token();
    if (!token) {
      throw new Error("no session");
    }
    const query = `culture=${encodeURIComponent(this.source.culture)}&limit=${PageSize}` + (before ? `&before=${encodeURIComponent(before)}` : "");
    const response = await fetch(`${this.source.baseUrl}/api/widget/orders?${query}`, { headers: { Authorization: `Bearer ${token}` } });
    if (!response.ok) {
      throw new Error(`orders ${response.status}`);
    }
    return (await response.json()) as BuyerOrderPage;
  }

  private show(state: Exclude<State, "closed">): void {
    this.state = state;
    this.element.setAttribute("data-state", state);
    const rows = this.orders.map((o) => this.row(o));
    this.list.replaceChildren(...rows);
    this.list.hidden = rows.length === 0;
    const message = state === "loading" ? this.t.ordersLoading : state === "failed" ? this.t.ordersFailed : rows.length === 0 ? this.t.ordersEmpty : "";
    this.status.textContent = message;
    this.status.hidden = !message;
    this.status.classList.toggle("kd-orders-failed", state === "failed");
    this.more.hidden = !(state === "failed" || (state === "ready" && this.hasMore));
    this.more.textContent = state === "failed" ? this.t.retry : this.t.ordersMore;
  }

  private row(o: BuyerOrder): HTMLElement {
    const item = el("div", "kd-orders-item");
    item.setAttribute("role", "listitem");
    const row = button("kd-orders-row", "");
    row.setAttribute("data-order-id", o.orderId);
    row.setAttribute("data-testid", "kefudesk-order-option");
    const src = o.imageUrl ? safeImageUrl(o.imageUrl, this.source.baseUrl) : null;
    if (src) {
      const img = el("img", "kd-orders-img");
      img.alt = "";
      img.src = src;
      img.addEventListener("error", () => img.remove());
      row.append(img);
    }
    const info = el("span", "kd-orders-info");
    const head = el("span", "kd-orders-line");
    head.append(text("span", "kd-order-no", `${this.t.orderNo} ${o.orderNo}`),
      text("span", `kd-order-status kd-order-${o.status}`, this.t.orderStatus[o.status] ?? o.status));
    const foot = el("span", "kd-orders-line kd-orders-foot");
    const total = el("span", "kd-order-total");
    total.append(document.createTextNode(`${this.t.orderTotal} `), text("span", "kd-price", yuan(o.totalFen)));
    foot.append(text("span", "kd-order-date", dateTime(o.createdAt)), total);
    info.append(head, text("span", "kd-orders-summary", o.summary), foot);
    row.append(info);
    item.append(row);
    return item;
  }
}
