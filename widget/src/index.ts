import type { SignedIdentity } from "./model";
import { KefuDeskWidget } from "./widget";

// Entry point: <script src="https://your-kefudesk/widget/v1/kefudesk.js" data-shop-key="…" async></script>
// A page that knows who the buyer is sets, before that tag (the signature made on the shop's server):
// <script>window.KefuDeskConfig = { identity: { userId: "…", name: "…", signature: "…" } };</script>
declare global {
  interface Window {
    KefuDesk?: { open(): void; close(): void };
    KefuDeskConfig?: { identity?: unknown };
  }
}

const WidgetPath = /\/widget\/v1\/kefudesk\.js(\?.*)?$/;

function boot(): void {
  if (window.KefuDesk) {
    return; // embedded twice: one widget is enough
  }
  const script =
    (document.currentScript as HTMLScriptElement | null) ??
    document.querySelector<HTMLScriptElement>("script[data-shop-key]");
  const shopKey = script?.dataset.shopKey;
  if (!script || !shopKey) {
    console.warn("KefuDesk: the widget script needs a data-shop-key attribute.");
    return;
  }
  const src = new URL(script.src, window.location.href);
  const baseUrl = src.origin + src.pathname.replace(WidgetPath, "");
  const lang = script.dataset.lang ?? document.documentElement.lang ?? null;
  const identity = identityOf(window.KefuDeskConfig?.identity);

  let widget: KefuDeskWidget | null = null;
  const mount = () => {
    const host = document.createElement("div");
    host.id = "kefudesk-widget";
    document.body.appendChild(host);
    widget = new KefuDeskWidget(host, { baseUrl, shopKey, lang, identity });
    widget.start();
  };
  window.KefuDesk = {
    open: () => widget?.openPanel(),
    close: () => widget?.closePanel(),
  };
  if (document.body) {
    mount();
  } else {
    document.addEventListener("DOMContentLoaded", mount);
  }
}

/** The identity the page passed, if it has the right shape; the server checks the signature. */
function identityOf(given: unknown): SignedIdentity | null {
  if (given === undefined || given === null) {
    return null;
  }
  const { userId, name, signature } = given as Record<string, unknown>;
  const id = typeof userId === "number" ? String(userId) : userId;
  if (typeof id !== "string" || !id.trim() || typeof signature !== "string" || (name != null && typeof name !== "string")) {
    console.warn("KefuDesk: KefuDeskConfig.identity needs userId and signature (strings) and may have a name; the chat starts anonymously.");
    return null;
  }
  return { userId: id, name: (name as string | null | undefined) ?? null, signature };
}

boot();
