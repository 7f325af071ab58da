// Shapes exchanged with the KefuDesk server (see MessageView and BuyerHub on the server).

export type SenderKind = "customer" | "agent" | "system" | "bot";

export interface MessageView {
  id: string;
  conversationId: string;
  sequence: number;
  clientMessageId: string;
  sender: SenderKind;
  senderName: string | null;
  kind: string;
  body: string;
  createdAt: string;
}

export interface MessagePage {
  messages: MessageView[];
  hasMore: boolean;
}

export interface BuyerThread {
  conversationId: string | null;
  messages: MessageView[];
  hasMore: boolean;
}

export interface WidgetSession {
  visitorToken: string;
  customerId: string;
  visitorCode: string;
  shop: { id: string; name: string };
}

/** A message the buyer typed that the server has not confirmed yet. */
export interface PendingMessage {
  clientMessageId: string;
  body: string;
  createdAt: string;
  failed?: string;
}

export const MaxBodyLength = 5000;
