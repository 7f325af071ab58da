import { KefuDeskWidget } from "./widget";

// Entry point: <script src="https://your-kefudesk/widget/v1/kefudesk.js" data-shop-key="…" async></script>
declare global {
  interface Window {
    KefuDesk?: { open(): void; close(): void };
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

  let widget: KefuDeskWidget | null = null;
  const mount = () => {
    const host = document.createElement("div");
    host.id = "kefudesk-widget";
    document.body.appendChild(host);
    widget = new KefuDeskWidget(host, { baseUrl, shopKey, lang });
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

boot();
