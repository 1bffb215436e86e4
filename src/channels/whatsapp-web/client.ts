/**
 * The part of whatsapp-web.js's `Client` the adapter uses: events in, `sendMessage` out. Tests
 * drive the adapter through this interface; production passes the library's Client (see session.ts).
 */
export interface WhatsAppWebClient {
  on(event: 'message', listener: (message: WhatsAppWebMessage) => void): unknown;
  on(event: 'qr', listener: (qr: string) => void): unknown;
  on(event: 'ready' | 'disconnected' | 'auth_failure', listener: (reason?: string) => void): unknown;
  initialize(): Promise<void>;
  destroy(): Promise<void>;
  sendMessage(
    chatId: string,
    content: string | WhatsAppWebMedia,
    options?: { caption?: string; linkPreview?: boolean },
  ): Promise<{ id: { _serialized: string } }>;
}

/** A received message, as whatsapp-web.js's `Message` carries it. */
export interface WhatsAppWebMessage {
  id: { _serialized: string };
  from: string;
  author?: string;
  fromMe: boolean;
  isStatus?: boolean;
  broadcast?: boolean;
  type: string;
  body: string;
  /** Seconds since the epoch. */
  timestamp: number;
  location?: { latitude: number | string; longitude: number | string };
  selectedButtonId?: string;
  selectedRowId?: string;
}

/** An image to send: whatsapp-web.js's MessageMedia, built by the session from a URL. */
export type WhatsAppWebMedia = { mimetype: string; data: string; filename?: string | null };
