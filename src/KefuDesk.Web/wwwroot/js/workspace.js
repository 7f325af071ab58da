// Small browser helpers for the agent workspace (Blazor calls these through JS interop).
window.kefudesk = {
  scrollToEnd(element) {
    if (element) {
      element.scrollTop = element.scrollHeight;
    }
  },

  // Puts text at the caret (an emoji) and tells Blazor, as typing would.
  insertAtCaret(textarea, text) {
    if (!textarea) {
      return;
    }
    const start = textarea.selectionStart ?? textarea.value.length;
    const end = textarea.selectionEnd ?? start;
    textarea.value = textarea.value.slice(0, start) + text + textarea.value.slice(end);
    textarea.selectionStart = textarea.selectionEnd = start + text.length;
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
    textarea.focus();
  },
  // Scrolls the side panel to an element (an order opened from its number in the chat).
  reveal(selector) {
    const element = selector && document.querySelector(selector);
    element?.scrollIntoView({ block: "start" });
  },
  focus(id) {
    const element = document.getElementById(id);
    if (element) {
      element.focus();
      element.select?.();
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

  // Alt+↓/↑ next/previous conversation, Alt+R resolve, Alt+T transfer, Ctrl+K search the list.
  shortcuts(dotnet) {
    if (window.kefudeskShortcuts) {
      document.removeEventListener("keydown", window.kefudeskShortcuts);
    }
    window.kefudeskShortcuts = (event) => {
      let action = null;
      if (event.altKey && event.key === "ArrowDown") action = "next";
      else if (event.altKey && event.key === "ArrowUp") action = "previous";
      else if (event.altKey && (event.key === "r" || event.key === "R")) action = "resolve";
      else if (event.altKey && (event.key === "t" || event.key === "T")) action = "transfer";
      else if ((event.ctrlKey || event.metaKey) && (event.key === "k" || event.key === "K")) action = "search";
      if (action) {
        event.preventDefault();
        dotnet.invokeMethodAsync("OnShortcut", action);
      }
    };
    document.addEventListener("keydown", window.kefudeskShortcuts);
  },

  // Sound and desktop notifications are the agent's choice (off until switched on), kept per browser.
  alertsOn() {
    return localStorage.getItem("kefudesk.alerts") === "on";
  },

  setAlerts(on) {
    localStorage.setItem("kefudesk.alerts", on ? "on" : "off");
    if (on && "Notification" in window && Notification.permission === "default") {
      Notification.requestPermission();
    }
    return on;
  },

  // A short two-tone chime, and a desktop notification while the tab is in the background.
  notify(title, body, onlyWhenHidden) {
    if (!window.kefudesk.alertsOn() || (onlyWhenHidden && !document.hidden)) {
      return;
    }
    try {
      const audio = window.kefudeskAudio ??= new (window.AudioContext || window.webkitAudioContext)();
      [880, 1320].forEach((frequency, i) => {
        const oscillator = audio.createOscillator();
        const gain = audio.createGain();
        oscillator.frequency.value = frequency;
        gain.gain.setValueAtTime(0.08, audio.currentTime + i * 0.12);
        gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + i * 0.12 + 0.25);
        oscillator.connect(gain).connect(audio.destination);
        oscillator.start(audio.currentTime + i * 0.12);
        oscillator.stop(audio.currentTime + i * 0.12 + 0.3);
      });
    } catch {
      // no sound available (headless, autoplay rules): fine
    }
    if (document.hidden && "Notification" in window && Notification.permission === "granted") {
      new Notification(title, { body, tag: "kefudesk" });
    }
  },
};

// 待回复 wait timers: rows carry data-wait-since (ms since the epoch) and the shop's thresholds in
// seconds (data-warn, data-late). One ticker for the page, so waits count up with no server round
// trip; the server renders each row's first value.
window.kefudeskWaitTicker ??= setInterval(() => {
  const now = Date.now();
  for (const element of document.querySelectorAll("[data-wait-since]")) {
    const seconds = Math.max(0, Math.floor((now - Number(element.dataset.waitSince)) / 1000));
    // Change the text node Blazor rendered, never replace it: Blazor keeps updating that node.
    if (element.firstChild?.nodeType === Node.TEXT_NODE) {
      element.firstChild.nodeValue = kefudeskWaitText(seconds);
    }
    element.classList.toggle("ws-wait-warn", seconds >= Number(element.dataset.warn) && seconds < Number(element.dataset.late));
    element.classList.toggle("ws-wait-late", seconds >= Number(element.dataset.late));
  }
}, 1000);

function kefudeskWaitText(seconds) {
  const pad = (n) => String(n).padStart(2, "0");
  return seconds >= 3600
    ? `${Math.floor(seconds / 3600)}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`
    : `${pad(Math.floor(seconds / 60))}:${pad(seconds % 60)}`;
}

// Print buttons (transcripts, shipping labels) carry data-print: the page policy allows no onclick="…".
document.addEventListener("click", (event) => {
  if (event.target instanceof Element && event.target.closest("[data-print]")) {
    window.print();
  }
});
