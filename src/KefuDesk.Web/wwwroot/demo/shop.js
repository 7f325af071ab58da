// The demo shop's own buttons open the chat window, one of them as its own entry point (see docs/widget.md).
document.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest("[data-kefudesk-open]") : null;
  if (button && window.KefuDesk) {
    const entry = button.getAttribute("data-kefudesk-entry");
    window.KefuDesk.open(entry ? { entry } : undefined);
  }
});
