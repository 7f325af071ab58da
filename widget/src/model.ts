// Shapes exchanged with the KefuDesk server (see MessageView and BuyerHub on the server).

export type SenderKind = "customer" | "agent" | "system" | "bot";

export type MessageKind = "text" | "image" | "file" | "productCard" | "orderCard" | "system" | "survey";

export type SatisfactionRating = "veryDissatisfied" | "dissatisfied" | "neutral" | "satisfied" | "verySatisfied";

/** Best first: the order the survey card shows them in. */
export const Ratings: readonly SatisfactionRating[] = ["verySatisfied", "satisfied", "neutral", "dissatisfied", "veryDissatisfied"];

export type OrderStatus = "awaitingPayment" | "awaitingShipment" | "shipped" | "delivered" | "completed" | "closed";

export interface AttachmentInfo {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
}

export interface ProductCard {
  productId: string;
  sku: string;
  title: string;
  priceFen: number;
  imageUrl: string;
}

export interface OrderCard {
  orderId: string;
  orderNo: string;
  status: OrderStatus;
  totalFen: number;
  summary: string;
  createdAt: string;
}

/** One of the buyer's own orders, as the order picker lists it (GET /api/widget/orders). */
export interface BuyerOrder extends OrderCard {
  /** The leading item's picture, when the shop's catalogue has it. */
  imageUrl?: string | null;
}

export interface BuyerOrderPage {
  orders: BuyerOrder[];
  hasMore: boolean;
}

export interface SurveyCard {
  surveyId: string;
  rating: SatisfactionRating | null;
}

export interface MessageView {
  id: string;
  conversationId: string;
  sequence: number;
  clientMessageId: string;
  sender: SenderKind;
  senderName: string | null;
  kind: MessageKind;
  body: string;
  createdAt: string;
  internal?: boolean;
  recalled?: boolean;
  attachment?: AttachmentInfo | null;
  product?: ProductCard | null;
  order?: OrderCard | null;
  survey?: SurveyCard | null;
}

export interface MessagePage {
  messages: MessageView[];
  hasMore: boolean;
}

export interface BuyerThread {
  conversationId: string | null;
  messages: MessageView[];
  hasMore: boolean;
  agentReadSequence?: number;
}

/** What the shop asks before the first message (售前信息); filled: this buyer told us already. */
export interface PreChat {
  enabled: boolean;
  askName: boolean;
  askPhone: boolean;
  askEmail: boolean;
  required: boolean;
  filled: boolean;
}

export interface WidgetSession {
  visitorToken: string;
  customerId: string;
  visitorCode: string;
  shop: { id: string; name: string };
  preChat: PreChat;
  /** Someone of the shop is online now; when not, the buyer leaves a message (留言). */
  staffed: boolean;
  /** The shop's site signed who this buyer is. */
  known: boolean;
  name: string | null;
  /** The shop's question menu for a first message (absent from older servers). */
  questions?: string[];
}

/** Who the shop's site says the buyer is, signed by its server: hex(HMAC-SHA256(widget secret, userId)). */
export interface SignedIdentity {
  userId: string;
  name?: string | null;
  signature: string;
}

/** What the buyer tells us about themselves (pre-chat form, contact beside an offline message). */
export interface BuyerDetails {
  name?: string | null;
  phone?: string | null;
  email?: string | null;
}

export type DetailField = "name" | "phone" | "email";

// Server → widget events besides messageCreated.
export interface RecallNotice {
  conversationId: string;
  messageId: string;
  sequence: number;
}

export interface ReadNotice {
  conversationId: string;
  reader: SenderKind;
  sequence: number;
}

export interface TypingNotice {
  conversationId: string;
  who: SenderKind;
  typing: boolean;
}

export interface SurveyNotice {
  conversationId: string;
  surveyId: string;
  rating: SatisfactionRating;
}

export interface StatusNotice {
  conversationId: string;
  status: string;
}

/** A waiting buyer's place: 1 is next; no estimate while the shop's recent pace is unknown. */
export interface QueuePlace {
  conversationId: string;
  position: number;
  estimatedWaitSeconds: number | null;
}

/** An agent has the buyer's conversation now. */
export interface AssignmentNotice {
  conversationId: string;
}

/** Where the buyer starts from, sent with their messages; the shop's entry rules choose who answers from it. */
export interface EntryContext {
  point?: string | null;
  page?: string | null;
  question?: string | null;
  orderNo?: string | null;
}

/** An image or file the buyer picked: uploaded first, then sent like a text message. */
export interface PendingFile {
  fileName: string;
  contentType: string;
  size: number;
  /** Set once the upload succeeded; from then on only the message remains to be sent. */
  attachmentId?: string;
}

/** A message the buyer typed (or a file they picked) that the server has not confirmed yet. */
export interface PendingMessage {
  clientMessageId: string;
  body: string;
  createdAt: string;
  failed?: string;
  file?: PendingFile;
  /** Picked from the question menu (请选择您要咨询的问题). */
  question?: string;
  /** An order the buyer picked to ask about: sent as an order card, shown as one while it goes. */
  order?: OrderCard;
}

export const MaxBodyLength = 5000;

/** Entry point, page, question and order number are kept to this many characters. */
export const MaxEntryLength = 100;
export const MaxCommentLength = 500;
