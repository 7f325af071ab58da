import { button, clock, dateTime, el, fileSize, icon, text, yuan } from "./dom";
import type { Strings } from "./i18n";
import type { AttachmentInfo, MessageView, OrderCard, PendingMessage, ProductCard } from "./model";
import { surveyCard, type RateService } from "./survey";
import { isImageType } from "./upload";

/** What drawing a message needs from the screen around it. */
export interface RenderContext {
  t: Strings;
  baseUrl: string;
  rate: RateService;
  /** An object URL for an attachment id (or a picked file's key); recorded as in use. */
  media(key: string, file?: Blob): Promise<string>;
  showImage(url: string, alt: string): void;
  download(attachment: AttachmentInfo): void;
  /** An image finished loading: the list may need to scroll. */
  loaded(): void;
}

export type ReadMark = "read" | "unread" | null;

export type PendingState = "uploading" | "sending" | "failed";

/** One message from the server, drawn by its kind. */
export function renderMessage(m: MessageView, mark: ReadMark, ctx: RenderContext): HTMLElement {
  const { t } = ctx;
  if (m.recalled) {
    const row = frame("system", m);
    row.setAttribute("data-recalled", "true");
    row.append(text("div", "kd-bubble kd-recalled", t.recalled));
    return row;
  }
  if (m.kind === "survey" && m.survey) {
    const row = frame("system", m);
    row.append(surveyCard(m, m.survey, t, ctx.rate));
    return row;
  }
  if (m.kind === "system" || m.sender === "system") {
    const row = frame("system", m);
    row.append(text("div", "kd-bubble", m.body));
    return row;
  }

  // The shop's automatic replies (greeting, queue place) speak for the shop, marked so nobody takes them for a person.
  const side = m.sender === "customer" ? "customer" : "agent";
  const row = frame(side, m);
  const meta = text("div", "kd-meta", `${side === "customer" ? t.you : m.senderName ?? t.agent} ${clock(m.createdAt)}`);
  if (m.sender === "bot") {
    const label = text("span", "kd-bot-label", t.botLabel);
    label.setAttribute("data-testid", "kefudesk-bot-label");
    meta.append(label);
  }
  row.append(meta);
  const content = contentOf(m, ctx);
  if (content) {
    row.append(content);
  }
  if (m.body || !content) {
    row.append(text("div", "kd-bubble", m.body)); // the text, or a caption under the card
  }
  if (mark) {
    const state = text("div", `kd-state kd-mark-${mark}`, mark === "read" ? t.read : t.unread);
    state.setAttribute("data-testid", "kefudesk-read-mark");
    row.append(state);
  }
  return row;
}

/** One of the buyer's own messages that the server has not confirmed yet. */
export function renderPending(p: PendingMessage, state: PendingState, localFile: Blob | undefined, ctx: RenderContext): HTMLElement {
  const { t } = ctx;
  const row = el("div", "kd-msg kd-msg-customer");
  row.setAttribute("data-testid", "kefudesk-message");
  row.setAttribute("data-sender", "customer");
  row.setAttribute("data-pending", state);
  row.append(text("div", "kd-meta", `${t.you} ${clock(p.createdAt)}`));
  if (p.file) {
    const f = p.file;
    const image = isImageType(f.contentType);
    const asFile = () => fileView({ id: f.attachmentId ?? "", fileName: f.fileName, contentType: f.contentType, size: f.size }, null, t);
    if (image && (f.attachmentId || localFile)) {
      // A picked "image" the browser cannot draw (the server will refuse it too) shows as a file.
      row.append(imageView(f.attachmentId ?? `local:${p.clientMessageId}`, f.fileName, ctx, f.attachmentId ? undefined : localFile, asFile));
    } else {
      row.append(asFile());
    }
  }
  if (p.order) {
    row.append(orderView(p.order, t));
  }
  if (p.body) {
    row.append(text("div", "kd-bubble", p.body));
  }
  const line = el("div", state === "failed" ? "kd-state kd-state-failed" : "kd-state");
  line.setAttribute("data-testid", "kefudesk-pending-state");
  const label = state === "failed" ? `${t.failed}: ${p.failed ?? ""} ` : state === "uploading" ? t.uploading : t.sending;
  line.append(document.createTextNode(label));
  if (state === "failed") {
    const retry = button("", t.retry);
    retry.setAttribute("data-retry", p.clientMessageId);
    const discard = button("", t.discard);
    discard.setAttribute("data-discard", p.clientMessageId);
    line.append(retry, discard);
  }
  row.append(line);
  return row;
}

function frame(side: "customer" | "agent" | "system", m: MessageView): HTMLElement {
  const row = el("div", `kd-msg kd-msg-${side}`);
  row.setAttribute("data-testid", "kefudesk-message");
  row.setAttribute("data-sender", m.sender);
  row.setAttribute("data-kind", m.kind);
  row.setAttribute("data-sequence", String(m.sequence));
  return row;
}

function contentOf(m: MessageView, ctx: RenderContext): HTMLElement | null {
  switch (m.kind) {
    case "image":
      return m.attachment ? imageView(m.attachment.id, m.attachment.fileName, ctx) : null;
    case "file":
      return m.attachment ? fileView(m.attachment, ctx.download, ctx.t) : null;
    case "productCard":
      return m.product ? productView(m.product, ctx) : null;
    case "orderCard":
      return m.order ? orderView(m.order, ctx.t) : null;
    default:
      return null;
  }
}

function imageView(key: string, alt: string, ctx: RenderContext, localFile?: Blob, fallback?: () => HTMLElement): HTMLElement {
  const box = button("kd-image", "");
  box.setAttribute("aria-label", `${ctx.t.viewImage}: ${alt}`);
  box.setAttribute("data-testid", "kefudesk-image");
  const img = el("img");
  img.alt = alt;
  box.append(img);
  const broken = () => {
    if (fallback) {
      box.replaceWith(fallback());
    } else if (!box.classList.contains("kd-image-failed")) {
      box.classList.add("kd-image-failed");
      box.append(text("span", "kd-image-note", `${ctx.t.imageFailed}\n${alt}`));
    }
  };
  let url: string | null = null;
  ctx.media(key, localFile).then((u) => {
    url = u;
    img.src = u;
  }, broken);
  img.addEventListener("error", broken);
  img.addEventListener("load", () => {
    box.classList.add("kd-image-loaded");
    ctx.loaded();
  });
  box.addEventListener("click", () => {
    if (url && box.classList.contains("kd-image-loaded")) {
      ctx.showImage(url, alt);
    }
  });
  return box;
}

function fileView(a: AttachmentInfo, download: ((a: AttachmentInfo) => void) | null, t: Strings): HTMLElement {
  const box = download ? button("kd-file", "") : el("div", "kd-file");
  box.setAttribute("data-testid", "kefudesk-file");
  const info = el("span", "kd-file-info");
  info.append(text("span", "kd-file-name", a.fileName), text("span", "kd-file-size", fileSize(a.size)));
  box.append(icon("file", 28), info);
  if (download) {
    box.setAttribute("aria-label", `${t.download}: ${a.fileName}`);
    box.title = t.download;
    box.addEventListener("click", () => download(a));
  }
  return box;
}

function productView(p: ProductCard, ctx: RenderContext): HTMLElement {
  const card = el("div", "kd-card kd-product");
  card.setAttribute("data-testid", "kefudesk-product");
  const src = safeImageUrl(p.imageUrl, ctx.baseUrl);
  if (src) {
    const img = el("img", "kd-product-img");
    img.alt = "";
    img.src = src;
    img.addEventListener("load", () => ctx.loaded());
    card.append(img);
  }
  const info = el("div", "kd-product-info");
  info.append(text("div", "kd-product-title", p.title), text("div", "kd-price", yuan(p.priceFen)));
  card.append(info);
  return card;
}

function orderView(o: OrderCard, t: Strings): HTMLElement {
  const card = el("div", "kd-card kd-order");
  card.setAttribute("data-testid", "kefudesk-order");
  const head = el("div", "kd-order-head");
  const status = text("span", `kd-order-status kd-order-${o.status}`, t.orderStatus[o.status] ?? o.status);
  head.append(text("span", "kd-order-no", `${t.orderNo} ${o.orderNo}`), status);
  card.append(head);
  if (o.summary) {
    card.append(text("div", "kd-order-summary", o.summary));
  }
  const foot = el("div", "kd-order-foot");
  const total = el("span", "kd-order-total");
  total.append(document.createTextNode(`${t.orderTotal} `), text("span", "kd-price", yuan(o.totalFen)));
  foot.append(text("span", "kd-order-date", dateTime(o.createdAt)), total);
  card.append(foot);
  return card;
}

/** Product images are the shop's: absolute, or relative to the KefuDesk server. Only http(s). */
export function safeImageUrl(raw: string, baseUrl: string): string | null {
  try {
    const url = new URL(raw, `${baseUrl}/`);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}
