import type { Strings } from "./i18n";
import type { AttachmentInfo } from "./model";

// What the server takes (it checks the bytes again; this only spares the buyer a pointless upload).
const MaxImageBytes = 10 * 1024 * 1024;
const MaxFileBytes = 20 * 1024 * 1024;
const ImageTypes = new Map([["jpg", "image/jpeg"], ["jpeg", "image/jpeg"], ["png", "image/png"], ["gif", "image/gif"], ["webp", "image/webp"]]);
const FileExtensions = ["pdf", "txt", "csv", "zip", "docx", "xlsx", "pptx"];

/** For the file picker. */
export const AcceptedFiles = [...new Set(ImageTypes.values())]
  .concat([...ImageTypes.keys(), ...FileExtensions].map((e) => `.${e}`))
  .join(",");

/** A refusal to show the buyer (the server's title, or our own check), as opposed to a lost connection. */
export class Refusal extends Error {}

export function isImageType(contentType: string): boolean {
  return /^image\/(jpeg|png|gif|webp)$/.test(contentType);
}

/** The reason the file cannot be sent, or null when it may go. */
export function checkFile(file: File, t: Strings): string | null {
  const image = isImageType(file.type) || ImageTypes.has(extensionOf(file.name));
  if (!image && !FileExtensions.includes(extensionOf(file.name))) {
    return t.typeNotAllowed;
  }
  if (file.size > (image ? MaxImageBytes : MaxFileBytes)) {
    return image ? t.imageTooLarge : t.fileTooLarge;
  }
  return null;
}

/** The type to show a picked file as before the server has looked at it. */
export function contentTypeOf(file: File): string {
  return file.type || ImageTypes.get(extensionOf(file.name)) || "application/octet-stream";
}

/**
 * Uploads and downloads with the visitor token. Downloads need the Bearer header, which an
 * <img src> cannot send: bytes are fetched and shown through object URLs, cached per attachment
 * and revoked once nothing shows them any more.
 */
export class AttachmentFiles {
  private readonly urls = new Map<string, Promise<string>>();

  constructor(
    private readonly baseUrl: string,
    private readonly culture: string,
    private readonly token: () => string | null,
    private readonly t: Strings,
  ) {}

  /** Uploads a file (XHR rather than fetch: it reports progress, which a phone on a slow line wants to see). */
  upload(file: Blob, fileName: string, progress: (percent: number) => void): Promise<AttachmentInfo> {
    const form = new FormData();
    form.append("file", file, fileName);
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", `${this.baseUrl}/api/widget/attachments?culture=${encodeURIComponent(this.culture)}`);
      for (const [name, value] of Object.entries(this.headers())) {
        xhr.setRequestHeader(name, value);
      }
      xhr.upload.addEventListener("progress", (e) => {
        if (e.lengthComputable && e.total > 0) {
          progress(Math.min(99, Math.floor((e.loaded / e.total) * 100)));
        }
      });
      xhr.addEventListener("load", () => {
        const body = parseJson(xhr.responseText);
        if (xhr.status >= 200 && xhr.status < 300 && body) {
          resolve(body as AttachmentInfo);
        } else {
          reject(new Refusal(problemTitleOf(body) ?? this.t.uploadFailed));
        }
      });
      for (const failure of ["error", "abort", "timeout"]) {
        xhr.addEventListener(failure, () => reject(new Refusal(this.t.uploadFailed)));
      }
      xhr.send(form);
    });
  }

  /** An object URL for an attachment's bytes (fetched once while it stays in use). */
  url(id: string): Promise<string> {
    let url = this.urls.get(id);
    if (!url) {
      url = this.fetchBlob(id).then((blob) => URL.createObjectURL(blob));
      url.catch(() => this.urls.delete(id));
      this.urls.set(id, url);
    }
    return url;
  }

  /** A picked file shown before it is uploaded. */
  local(key: string, file: Blob): Promise<string> {
    let url = this.urls.get(key);
    if (!url) {
      url = Promise.resolve(URL.createObjectURL(file));
      this.urls.set(key, url);
    }
    return url;
  }

  /** Saves a file the way a download link would. */
  async download(attachment: AttachmentInfo, host: Node): Promise<void> {
    const blob = await this.fetchBlob(attachment.id);
    const href = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = href;
    a.download = attachment.fileName;
    a.hidden = true;
    host.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(href), 10_000);
  }

  /** Frees every object URL whose key is not in keep. */
  keepOnly(keep: ReadonlySet<string>): void {
    for (const [key, url] of this.urls) {
      if (!keep.has(key)) {
        this.urls.delete(key);
        url.then((u) => URL.revokeObjectURL(u), () => undefined);
      }
    }
  }

  clear(): void {
    this.keepOnly(new Set());
  }

  private async fetchBlob(id: string): Promise<Blob> {
    const response = await fetch(`${this.baseUrl}/api/widget/attachments/${encodeURIComponent(id)}`, { headers: this.headers() });
    if (!response.ok) {
      throw new Refusal((await problemTitle(response)) ?? this.t.downloadFailed);
    }
    return response.blob();
  }

  private headers(): Record<string, string> {
    const token = this.token();
    return token ? { Authorization: `Bearer ${token}` } : {};
  }
}

async function problemTitle(response: Response): Promise<string | null> {
  return problemTitleOf(parseJson(await response.text().catch(() => "")));
}

function problemTitleOf(body: unknown): string | null {
  const title = body && typeof body === "object" ? (body as { title?: unknown }).title : null;
  return typeof title === "string" && title ? title : null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot < 0 ? "" : name.slice(dot + 1).toLowerCase();
}
