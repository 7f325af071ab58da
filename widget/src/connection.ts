import { HubConnection, HubConnectionBuilder, HubConnectionState, LogLevel } from "@microsoft/signalr";
import { waitText, type Strings } from "./i18n";
import type { WidgetSession } from "./model";
import { Refused, type WidgetServer } from "./session";
import type { WidgetStorage } from "./storage";
import type { WidgetUi } from "./ui";

/** A site that may not embed the chat is asked again this seldom (an admin may add it meanwhile). */
const RefusedRetryMs = 60000;

export interface ConnectionEvents {
  /** A new hub connection, before it starts: register what the server pushes. */
  listen(connection: HubConnection): void;
  /** A (new or refreshed) session: who the buyer is, what to ask, whether anyone is online. */
  session(session: WidgetSession): void;
  /** Connected or reconnected, and greeted: fetch what was missed, send what waits. */
  connected(): Promise<void>;
}

/**
 * The widget's line to KefuDesk: a session first (asked afresh on every reconnect, so 留言 mode
 * follows whether anyone is online), then one hub connection, kept up whatever happens: automatic
 * reconnects, then slower retries; a token that no longer opens makes a new visitor; a site that may
 * not embed the chat is told so plainly.
 */
export class BuyerConnection {
  private connection: HubConnection | null = null;
  private connecting: Promise<void> | null = null;
  private customerId: string | null = null;

  constructor(
    private readonly baseUrl: string,
    private readonly culture: string,
    private readonly t: Strings,
    private readonly storage: WidgetStorage,
    private readonly server: WidgetServer,
    private readonly ui: WidgetUi,
    private readonly events: ConnectionEvents,
  ) {}

  get hub(): HubConnection | null {
    return this.connection;
  }

  ensureConnected(): Promise<void> {
    const state = this.connection?.state;
    if (state === HubConnectionState.Connected || state === HubConnectionState.Reconnecting || state === HubConnectionState.Connecting) {
      // Connected, or the automatic reconnect is at work (and catches up when it succeeds): never a second connection.
      return Promise.resolve();
    }
    this.connecting ??= this.connectUntilDone().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async connectUntilDone(): Promise<void> {
    let delay = 1000;
    for (;;) {
      try {
        await this.connectOnce();
        return;
      } catch (error) {
        if (isUnauthorized(error)) {
          // The token no longer opens (keys reset on the server): become a new visitor.
          this.storage.token = null;
          continue;
        }
        if (error instanceof Refused && error.retryAfter !== null) {
          // The shop is busy starting chats (too many at once): say so calmly, and try again when told.
          const busy = this.t.busy.replace("{0}", waitText(error.retryAfter, this.t));
          this.ui.setState("connecting");
          this.ui.setNotice(busy);
          await sleep(error.retryAfter * 1000);
          this.ui.clearNotice(busy);
          continue;
        }
        if (error instanceof Refused && error.code === "origin_not_allowed") {
          // Not this buyer's fault, nor something a quick retry changes: say so plainly (the console tells the site's developer).
          this.ui.setState("refused");
          this.ui.showError(this.t.originRefused);
          await sleep(RefusedRetryMs);
          continue;
        }
        this.ui.setState("offline");
        if (error instanceof Refused && error.code === "shop_not_found") {
          this.ui.showError(this.t.unavailable);
        }
        await sleep(delay);
        delay = Math.min(delay * 2, 15000);
      }
    }
  }

  private async connectOnce(): Promise<void> {
    this.ui.setState("connecting");
    // Every (re)connect asks afresh: whether anyone is online now, and what the form still needs.
    this.adopt(await this.server.startSession(this.storage.token));

    const connection = new HubConnectionBuilder()
      .withUrl(`${this.baseUrl}/hubs/buyer?culture=${encodeURIComponent(this.culture)}`, {
        accessTokenFactory: () => this.storage.token ?? "",
        // The visitor token is the credential: no cookies, so the server need not allow credentials across origins.
        withCredentials: false,
      })
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (ctx) => Math.min(1000 * 2 ** ctx.previousRetryCount, 15000) })
      .configureLogging(LogLevel.Warning)
      .build();
    this.events.listen(connection);
    connection.onreconnecting(() => this.ui.setState("offline"));
    connection.onreconnected(() => {
      this.ui.setState("online");
      void this.refresh();
      // Hello first: once it answers, every later push reaches this connection; then catch up.
      connection.invoke("Hello").then(() => this.events.connected(), () => undefined);
    });
    connection.onclose(() => {
      // Automatic reconnect gave up (or never could): keep trying, more slowly.
      if (this.connection === connection) {
        this.connection = null;
        this.ui.setState("offline");
        void this.ensureConnected();
      }
    });

    await connection.start();
    try {
      await connection.invoke("Hello");
    } catch (error) {
      void connection.stop();
      throw error;
    }
    this.connection = connection;
    this.ui.setState("online");
    this.ui.showError(null);
    await this.events.connected();
  }

  private adopt(session: WidgetSession): void {
    const before = this.customerId;
    this.customerId = session.customerId;
    this.storage.token = session.visitorToken;
    this.events.session(session);
    if (before && before !== session.customerId && this.connection) {
      // An agent merged this buyer into another record: reconnect as that one (onclose reconnects).
      void this.connection.stop();
    }
  }

  /** After an automatic reconnect: is anyone online now? Keeps what it had if the server cannot say. */
  private async refresh(): Promise<void> {
    try {
      this.adopt(await this.server.startSession(this.storage.token));
    } catch {
      // the next reconnect asks again
    }
  }
}

function isUnauthorized(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return /\b401\b|Unauthorized/.test(text);
}

/** "30 秒", "2 分钟": how long, as a person says it. */
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
