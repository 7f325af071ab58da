// Reports keyboard and mouse activity in the workspace to the server at most once per interval,
// so a working agent is never set 离开 (away) and an agent set away comes back as soon as they move.
const events = ["keydown", "mousedown", "mousemove", "wheel", "touchstart"];
let handler = null;

export function watch(dotnet, everyMilliseconds) {
  stop();
  let last = 0;
  handler = () => {
    const now = Date.now();
    if (now - last < everyMilliseconds) {
      return;
    }
    last = now;
    dotnet.invokeMethodAsync("Active").catch(() => {
      // the circuit is reconnecting or gone: the next activity tries again
      last = 0;
    });
  };
  events.forEach((name) => document.addEventListener(name, handler, { capture: true, passive: true }));
}

export function stop() {
  if (handler) {
    events.forEach((name) => document.removeEventListener(name, handler, { capture: true }));
    handler = null;
  }
}
