import { button, el, icon, text } from "./dom";
import type { Strings } from "./i18n";
import { emojiPicker } from "./emoji";
import { MaxBodyLength } from "./model";
import { AcceptedFiles } from "./upload";

export interface ComposeEvents {
  /** False (or a promise of false): not taken, the text stays in the box. */
  send(body: string): boolean | Promise<boolean>;
  attach(files: File[]): void;
  typing(): void;
}

/**
 * The bottom bar: attach button (with its hidden file picker), message box and send button.
 * Enter sends, Shift+Enter is a new line; a pasted image is sent as a file.
 */
export function composer(input: HTMLTextAreaElement, t: Strings, events: ComposeEvents, showError: (message: string | null) => void): HTMLElement {
  const compose = el("footer", "kd-compose");
  const picker = el("input");
  picker.type = "file";
  picker.multiple = true;
  picker.accept = AcceptedFiles;
  picker.hidden = true;
  picker.setAttribute("data-testid", "kefudesk-file-input");
  picker.addEventListener("change", () => {
    const files = Array.from(picker.files ?? []);
    picker.value = "";
    if (files.length) {
      events.attach(files);
    }
  });
  const attach = button("kd-attach", "");
  attach.append(icon("attach", 22));
  attach.setAttribute("aria-label", t.attach);
  attach.title = t.attach;
  attach.setAttribute("data-testid", "kefudesk-attach");
  attach.addEventListener("click", () => picker.click());

  input.placeholder = t.placeholder;
  input.setAttribute("aria-label", t.placeholder);
  input.setAttribute("data-testid", "kefudesk-input");
  const send = button("kd-send", t.send);
  send.setAttribute("data-testid", "kefudesk-send");
  let busy = false;
  const submit = () => {
    const body = input.value;
    if (busy || !body.trim()) {
      return;
    }
    if (Array.from(body).length > MaxBodyLength) {
      showError(t.tooLong);
      return;
    }
    showError(null);
    const taken = events.send(body);
    if (taken === true) {
      input.value = "";
    } else if (taken !== false) {
      busy = send.disabled = true;
      void taken.then((ok) => {
        busy = send.disabled = false;
        if (ok && input.value === body) {
          input.value = ""; // unless the buyer went on typing meanwhile
        }
      });
    }
  };
  send.addEventListener("click", submit);
  // Never send while an IME is composing (Chinese pinyin input confirms with Enter).
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      submit();
    }
  });
  input.addEventListener("input", () => events.typing());
  // A pasted screenshot is sent as an image; pasted text (even with a picture beside it, as office
  // programs put on the clipboard) stays text.
  input.addEventListener("paste", (e) => {
    const data = e.clipboardData;
    const files = Array.from(data?.files ?? []);
    if (files.length && !data?.getData("text/plain")) {
      e.preventDefault();
      events.attach(files);
    }
  });
  const emoji = emojiPicker(input, t);
  compose.append(picker, emoji.grid, attach, emoji.toggle, input, send);
  return compose;
}

/** Files dragged over the panel show a drop hint; dropped, they are sent. */
export function dropZone(panel: HTMLElement, t: Strings, attach: (files: File[]) => void): HTMLElement {
  const zone = text("div", "kd-drop", t.dropHere);
  zone.hidden = true;
  const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes("Files");
  panel.addEventListener("dragover", (e) => {
    if (hasFiles(e)) {
      e.preventDefault();
      zone.hidden = false;
    }
  });
  panel.addEventListener("dragleave", (e) => {
    if (!e.relatedTarget || !panel.contains(e.relatedTarget as Node)) {
      zone.hidden = true;
    }
  });
  panel.addEventListener("drop", (e) => {
    zone.hidden = true;
    const files = Array.from(e.dataTransfer?.files ?? []);
    if (files.length) {
      e.preventDefault();
      attach(files);
    }
  });
  return zone;
}
