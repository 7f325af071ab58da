import { button, el, text } from "./dom";
import type { Strings } from "./i18n";

/**
 * The shop's question menu (请选择您要咨询的问题) above the composer before the buyer's first message:
 * tapping a question sends it as that message, and the shop's entry rules give it to the right
 * group (售后问题 → 售后). The buyer may just as well type.
 */
export class QuestionMenu {
  readonly element: HTMLElement;
  private readonly chips: HTMLElement;
  private questions: readonly string[] = [];
  /** A tapped question is on its way: a second tap must not send it twice. */
  private picking = false;

  /** pick: false (or a promise of false) when the question was not sent (the menu stays). */
  constructor(t: Strings, pick: (question: string) => boolean | Promise<boolean>) {
    this.element = el("div", "kd-menu");
    this.element.hidden = true;
    this.element.setAttribute("data-testid", "kefudesk-questions");
    this.chips = el("div", "kd-chips");
    this.chips.setAttribute("role", "group");
    this.chips.setAttribute("aria-label", t.questionsTitle);
    this.element.append(text("div", "kd-menu-title", t.questionsTitle), this.chips);
    this.chips.addEventListener("click", (e) => {
      const chip = (e.target as HTMLElement).closest<HTMLButtonElement>("button[data-question]");
      const question = chip?.getAttribute("data-question");
      if (question && !this.picking) {
        this.picking = true;
        void Promise.resolve(pick(question)).finally(() => (this.picking = false));
      }
    });
  }

  /** The shop's questions, from the session (none: no menu). */
  setQuestions(questions: readonly string[] | undefined): void {
    const next = questions ?? [];
    if (next.join("\n") === this.questions.join("\n")) {
      return;
    }
    this.questions = next;
    this.chips.replaceChildren(
      ...next.map((q) => {
        const chip = button("kd-chip", q);
        chip.setAttribute("data-question", q);
        chip.setAttribute("data-testid", "kefudesk-question");
        return chip;
      }),
    );
  }

  /** Shown only while it can still start the conversation. */
  setVisible(visible: boolean): void {
    this.element.hidden = !visible || this.questions.length === 0;
  }
}
