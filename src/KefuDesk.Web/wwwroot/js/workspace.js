// Small browser helpers for the agent workspace (Blazor calls these through JS interop).
window.kefudesk = {
  scrollToEnd(element) {
    if (element) {
      element.scrollTop = element.scrollHeight;
    }
  },

  // Enter sends, Shift+Enter is a new line. Not while an input method is composing:
  // Chinese IMEs use Enter to confirm the typed pinyin.
  composer(textarea, dotnet) {
    if (!textarea || textarea.dataset.kefudeskBound) {
      return;
    }
    textarea.dataset.kefudeskBound = "1";
    textarea.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
        event.preventDefault();
        dotnet.invokeMethodAsync("SendFromKeyboard");
      }
    });
    textarea.focus();
  },
};
