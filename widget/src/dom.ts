// Small DOM helpers. Text only ever goes in through textContent: nothing a message says can run.

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className = ""): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) {
    e.className = className;
  }
  return e;
}

export function text<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, content: string): HTMLElementTagNameMap[K] {
  const e = el(tag, className);
  e.textContent = content;
  return e;
}

export function button(className: string, label: string): HTMLButtonElement {
  const b = text("button", className, label);
  b.type = "button";
  return b;
}

/**
 * Makes parent's children exactly nodes, in order, moving only what moved: a node that stays in
 * place keeps its state (focus, a loaded image).
 */
export function placeChildren(parent: HTMLElement, nodes: readonly Node[]): void {
  const wanted = new Set<Node>(nodes);
  let cursor = parent.firstChild;
  const dropGone = () => {
    while (cursor && !wanted.has(cursor)) {
      const next: ChildNode | null = cursor.nextSibling;
      cursor.remove();
      cursor = next;
    }
  };
  for (const node of nodes) {
    dropGone();
    if (node === cursor) {
      cursor = cursor.nextSibling;
    } else {
      parent.insertBefore(node, cursor);
    }
  }
  dropGone();
}

const Paths = {
  chat: "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm3 6.5a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01z",
  // A paperclip, drawn as a stroke.
  attach: "M21.4 11.1l-8.5 8.5a5.5 5.5 0 0 1-7.8-7.8l8.5-8.5a3.7 3.7 0 0 1 5.2 5.2l-8.5 8.5a1.8 1.8 0 0 1-2.6-2.6l7.8-7.8",
  file: "M6 2h8l6 6v12a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2zm7 1.5V9h5.5M8 13h8M8 17h6",
  // A receipt with a torn bottom edge: the buyer's orders.
  order: "M6 2.5h12v19l-2.4-1.6-2.4 1.6-2.4-1.6-2.4 1.6L6 21.5zM9 7.5h6M9 11.5h6M9 15.5h3.5",
};

export function icon(name: keyof typeof Paths, size = 20): SVGSVGElement {
  return name === "chat" ? svg([{ d: Paths.chat, fill: true }], size) : svg([{ d: Paths[name] }], size);
}

/** An inline SVG on a 24×24 grid; paths are stroked in the text colour unless filled. */
export function svg(paths: { d: string; fill?: boolean }[], size: number): SVGSVGElement {
  const ns = "http://www.w3.org/2000/svg";
  const root = document.createElementNS(ns, "svg");
  root.setAttribute("viewBox", "0 0 24 24");
  root.setAttribute("width", String(size));
  root.setAttribute("height", String(size));
  root.setAttribute("aria-hidden", "true");
  for (const { d, fill } of paths) {
    const path = document.createElementNS(ns, "path");
    path.setAttribute("d", d);
    path.setAttribute("fill", fill ? "currentColor" : "none");
    if (!fill) {
      path.setAttribute("stroke", "currentColor");
      path.setAttribute("stroke-width", "1.8");
      path.setAttribute("stroke-linecap", "round");
      path.setAttribute("stroke-linejoin", "round");
    }
    root.appendChild(path);
  }
  return root;
}

export function clock(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "" : `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function dateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "" : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${clock(iso)}`;
}

/** Fen (分) as ¥ with two decimals, without floating-point rounding. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(Math.round(fen));
  return `${sign}¥${Math.floor(abs / 100)}.${pad(abs % 100)}`;
}

export function fileSize(bytes: number): string {
  if (bytes < 1024) {
    return `${bytes} B`;
  }
  if (bytes < 1024 * 1024) {
    return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  }
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}
