import { button, el, text } from "./dom";
import type { Strings } from "./i18n";
import type { BuyerDetails, DetailField, PreChat } from "./model";
import { fieldOf, Refused } from "./session";

/** Saves the buyer's details; rejects with Refused (a field's error, or the server's reason) or a network error. */
export type Describe = (details: BuyerDetails) => Promise<void>;

const InputTypes: Record<DetailField, { type: string; autocomplete: string; inputMode: string; maxLength: number }> = {
  name: { type: "text", autocomplete: "name", inputMode: "text", maxLength: 50 },
  phone: { type: "tel", autocomplete: "tel", inputMode: "tel", maxLength: 30 },
  email: { type: "email", autocomplete: "email", inputMode: "email", maxLength: 200 },
};

/** One labelled input with its error line underneath. */
class DetailInput {
  readonly row: HTMLElement;
  readonly input: HTMLInputElement;
  private readonly error: HTMLElement;

  constructor(readonly field: DetailField, t: Strings, readonly required: boolean, scope: string) {
    const id = `kd-${scope}-${field}`;
    this.row = el("div", "kd-field");
    const label = text("label", "kd-label", t.fields[field]);
    label.htmlFor = id;
    if (required) {
      const star = text("span", "kd-required", "*");
      star.title = t.required;
      label.append(star);
    }
    this.input = el("input", "kd-field-input");
    const kind = InputTypes[field];
    this.input.id = id;
    this.input.type = kind.type;
    this.input.setAttribute("autocomplete", kind.autocomplete);
    this.input.inputMode = kind.inputMode;
    this.input.maxLength = kind.maxLength;
    this.input.placeholder = t.hints[field];
    this.input.required = required;
    this.input.setAttribute("data-testid", `kefudesk-${scope}-${field}`);
    this.error = el("div", "kd-field-error");
    this.error.id = `${id}-error`;
    this.error.hidden = true;
    this.error.setAttribute("role", "alert");
    this.error.setAttribute("data-testid", `kefudesk-${scope}-${field}-error`);
    this.input.addEventListener("input", () => this.fail(null));
    this.row.append(label, this.input, this.error);
  }

  get value(): string {
    return this.input.value.trim();
  }

  fail(message: string | null): void {
    this.error.hidden = !message;
    this.error.textContent = message ?? "";
    this.input.setAttribute("aria-invalid", String(!!message));
    if (message) {
      this.input.setAttribute("aria-describedby", this.error.id);
    } else {
      this.input.removeAttribute("aria-describedby");
    }
  }
}

/** A set of detail inputs: checks what must be there, sends, and puts the server's refusals beside their fields. */
class DetailInputs {
  readonly inputs: DetailInput[];

  constructor(fields: DetailField[], private readonly t: Strings, required: boolean, scope: string) {
    this.inputs = fields.map((f) => new DetailInput(f, t, required, scope));
  }

  get details(): BuyerDetails {
    const details: BuyerDetails = {};
    for (const i of this.inputs) {
      if (i.value) {
        details[i.field] = i.value;
      }
    }
    return details;
  }

  get empty(): boolean {
    return this.inputs.every((i) => !i.value);
  }

  /** The first missing required field gets its message (and focus); true when all are there. */
  checkRequired(): boolean {
    const missing = this.inputs.filter((i) => i.required && !i.value);
    for (const i of missing) {
      i.fail(this.t.missing[i.field]);
    }
    missing[0]?.input.focus();
    return missing.length === 0;
  }

  /** Shows a refusal beside its field; false when it names none (the caller shows it elsewhere). */
  showRefusal(error: unknown): boolean {
    const field = error instanceof Refused ? fieldOf(error) : null;
    const input = this.inputs.find((i) => i.field === field);
    if (!input || !field) {
      return false;
    }
    input.fail(this.t.invalid[field]);
    input.input.focus();
    return true;
  }
}

function asked(preChat: PreChat): DetailField[] {
  const fields: DetailField[] = [];
  if (preChat.askName) fields.push("name");
  if (preChat.askPhone) fields.push("phone");
  if (preChat.askEmail) fields.push("email");
  return fields;
}

/**
 * The pre-chat form (售前信息): the fields the shop asks for, before the composer. When the shop
 * requires it, every field must be filled to chat; otherwise 跳过 lets the buyer go straight on.
 */
export function preChatForm(preChat: PreChat, t: Strings, describe: Describe, skip: () => void): HTMLElement {
  const form = el("form", "kd-details kd-prechat");
  form.noValidate = true; // our own messages, in the widget's language, beside each field
  form.setAttribute("data-testid", "kefudesk-prechat");
  const fields = new DetailInputs(asked(preChat), t, preChat.required, "prechat");
  const error = el("div", "kd-field-error kd-form-error");
  error.hidden = true;
  error.setAttribute("role", "alert");
  const submit = button("kd-send kd-details-submit", t.preChatStart);
  submit.type = "submit";
  submit.setAttribute("data-testid", "kefudesk-prechat-submit");
  const actions = el("div", "kd-details-actions");
  actions.append(submit);
  if (!preChat.required) {
    const skipLink = button("kd-link", t.preChatSkip);
    skipLink.setAttribute("data-testid", "kefudesk-prechat-skip");
    skipLink.addEventListener("click", skip);
    actions.append(skipLink);
  }
  form.append(text("div", "kd-details-title", t.preChatTitle), text("div", "kd-details-hint", t.preChatHint),
    ...fields.inputs.map((i) => i.row), error, actions);

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    error.hidden = true;
    if (!fields.checkRequired()) {
      return;
    }
    if (fields.empty) {
      skip(); // nothing typed into an optional form: the same as 跳过
      return;
    }
    submit.disabled = true;
    submit.textContent = t.saving;
    describe(fields.details)
      .catch((reason: unknown) => {
        if (!fields.showRefusal(reason)) {
          error.textContent = reason instanceof Refused ? reason.message : t.saveFailed;
          error.hidden = false;
        }
      })
      .finally(() => {
        submit.disabled = false;
        submit.textContent = t.preChatStart;
      });
  });
  return form;
}

/** Phone and email offered beside an offline message (留言), so the shop can answer; both optional. */
export class ContactFields {
  readonly element: HTMLElement;
  private readonly fields: DetailInputs;

  private readonly body: HTMLElement;
  private readonly opener: HTMLButtonElement;

  constructor(t: Strings) {
    this.element = el("div", "kd-details kd-contact");
    this.element.setAttribute("data-testid", "kefudesk-contact");
    this.fields = new DetailInputs(["phone", "email"], t, false, "contact");
    const row = el("div", "kd-contact-row");
    row.append(...this.fields.inputs.map((i) => i.row));
    this.body = el("div", "kd-contact-body");
    this.body.append(text("div", "kd-details-hint", t.contactTitle), row);
    // Folded, the form is one line: on a phone it would otherwise sit over the thread for good.
    this.opener = button("kd-contact-open", t.contactOpen);
    this.opener.hidden = true;
    this.opener.setAttribute("data-testid", "kefudesk-contact-open");
    this.opener.addEventListener("click", () => this.unfold());
    this.element.append(this.body, this.opener);
  }

  /** The buyer sent a message without details: the form folds to a line that opens it again. */
  fold(): void {
    this.body.hidden = true;
    this.opener.hidden = false;
    this.element.setAttribute("data-folded", "true");
  }

  unfold(): void {
    this.body.hidden = false;
    this.opener.hidden = true;
    this.element.removeAttribute("data-folded");
    this.fields.inputs[0]?.input.focus();
  }

  get empty(): boolean {
    return this.fields.empty;
  }

  get details(): BuyerDetails {
    return this.fields.details;
  }

  /** Shows a refusal beside its field; false when it names none. */
  showRefusal(error: unknown): boolean {
    return this.fields.showRefusal(error);
  }
}
