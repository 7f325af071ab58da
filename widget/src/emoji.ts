import { button, el } from "./dom";
import type { Strings } from "./i18n";

// The emoji a shop's chat uses most (the agents' workspace offers the same set).
const Common = [
  "😊", "😄", "😁", "😂", "🤣", "😅", "😉", "😍", "😘", "🥰", "🤗", "🤔",
  "😮", "😢", "😭", "😤", "😡", "🙄", "😴", "😷", "🙏", "👍", "👌", "👏",
  "💪", "🤝", "✌️", "❤️", "💕", "🌹", "🎉", "🎁", "📦", "🚚", "💰", "🧧",
  "⏰", "✅", "❌", "⭐", "🔥", "💯",
];

/** A 😊 button and the grid it opens above the message box; a chosen emoji goes in at the caret. */
export function emojiPicker(input: HTMLTextAreaElement, t: Strings): { toggle: HTMLButtonElement; grid: HTMLElement } {
  const grid = el("div", "kd-emoji");
  grid.hidden = true;
  grid.setAttribute("role", "listbox");
  grid.setAttribute("aria-label", t.emoji);
  grid.setAttribute("data-testid", "kefudesk-emoji-picker");
  const toggle = button("kd-emoji-toggle", "😊");
  toggle.setAttribute("aria-label", t.emoji);
  toggle.title = t.emoji;
  toggle.setAttribute("data-testid", "kefudesk-emoji");
  toggle.addEventListener("click", () => {
    grid.hidden = !grid.hidden;
    toggle.setAttribute("aria-expanded", String(!grid.hidden));
  });
  for (const emoji of Common) {
    const choice = button("kd-emoji-choice", emoji);
    choice.setAttribute("role", "option");
    choice.setAttribute("data-testid", "kefudesk-emoji-choice");
    choice.addEventListener("click", () => {
      const start = input.selectionStart ?? input.value.length;
      const end = input.selectionEnd ?? start;
      input.value = input.value.slice(0, start) + emoji + input.value.slice(end);
      input.selectionStart = input.selectionEnd = start + emoji.length;
      grid.hidden = true;
      toggle.setAttribute("aria-expanded", "false");
      input.focus();
    });
    grid.append(choice);
  }
  return { toggle, grid };
}
