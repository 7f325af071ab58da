import { button, el, svg, text } from "./dom";
import type { Strings } from "./i18n";
import { MaxCommentLength, Ratings, type MessageView, type SatisfactionRating, type SurveyCard } from "./model";

/** Sends the buyer's answer; rejects with the reason to show in the card. */
export type RateService = (surveyId: string, rating: SatisfactionRating, comment: string) => Promise<void>;

/**
 * The satisfaction survey (满意度评价) a resolved conversation sends: five choices, best first,
 * an optional comment, and once answered the rating with thanks.
 */
export function surveyCard(m: MessageView, survey: SurveyCard, t: Strings, rate: RateService): HTMLElement {
  const card = el("div", "kd-card kd-survey");
  card.setAttribute("data-testid", "kefudesk-survey");
  card.append(text("div", "kd-survey-title", t.surveyTitle));
  if (m.body) {
    card.append(text("div", "kd-survey-text", m.body));
  }
  if (survey.rating) {
    card.setAttribute("data-answered", survey.rating);
    const answer = el("div", "kd-survey-answer");
    const label = el("span");
    label.append(document.createTextNode(t.surveyYours), text("strong", "", t.ratings[survey.rating]));
    answer.append(face(survey.rating), label);
    card.append(answer, text("div", "kd-survey-thanks", t.surveyThanks));
    return card;
  }

  let chosen: SatisfactionRating | null = null;
  const choices = el("div", "kd-ratings");
  choices.setAttribute("role", "radiogroup");
  choices.setAttribute("aria-label", t.surveyTitle);
  const buttons = Ratings.map((rating) => {
    const b = button("kd-rating", "");
    b.append(face(rating), text("span", "kd-rating-label", t.ratings[rating]));
    b.setAttribute("role", "radio");
    b.setAttribute("aria-checked", "false");
    b.setAttribute("data-rating", rating);
    b.setAttribute("data-testid", "kefudesk-rating");
    b.addEventListener("click", () => {
      chosen = rating;
      for (const other of buttons) {
        other.setAttribute("aria-checked", String(other === b));
      }
      error.hidden = true;
    });
    return b;
  });
  choices.append(...buttons);

  const comment = el("textarea", "kd-survey-comment");
  comment.placeholder = t.surveyComment;
  comment.setAttribute("aria-label", t.surveyComment);
  comment.maxLength = MaxCommentLength;
  comment.rows = 2;
  comment.addEventListener("input", () => (error.hidden = true));
  const error = el("div", "kd-survey-error");
  error.hidden = true;
  error.setAttribute("role", "alert");
  const submit = button("kd-survey-submit", t.surveySubmit);
  submit.setAttribute("data-testid", "kefudesk-survey-submit");
  const fail = (message: string) => {
    error.textContent = message;
    error.hidden = false;
  };
  submit.addEventListener("click", () => {
    if (!chosen) {
      fail(t.surveyPick);
      return;
    }
    const note = comment.value.trim();
    if (note.length > MaxCommentLength) {
      fail(t.commentTooLong);
      return;
    }
    submit.disabled = true;
    submit.textContent = t.surveySubmitting;
    error.hidden = true;
    rate(survey.surveyId, chosen, note).catch((reason: unknown) => {
      submit.disabled = false;
      submit.textContent = t.surveySubmit;
      fail(reason instanceof Error && reason.message ? reason.message : t.surveyFailed);
    });
  });
  card.append(choices, comment, error, submit);
  return card;
}

/** A face from a broad smile (非常满意) to a frown (非常不满意). */
const Mouths: Record<SatisfactionRating, { d: string; fill?: boolean }> = {
  verySatisfied: { d: "M7.5 13.5h9a4.5 4.5 0 0 1-9 0z", fill: true },
  satisfied: { d: "M8.3 14.3Q12 18 15.7 14.3" },
  neutral: { d: "M8.5 15.5H15.5" },
  dissatisfied: { d: "M8.5 16.8Q12 14 15.5 16.8" },
  veryDissatisfied: { d: "M7.5 18Q12 11.5 16.5 18" },
};

function face(rating: SatisfactionRating): SVGSVGElement {
  return svg([
    { d: "M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18z" },
    { d: "M9 8.6a1.3 1.3 0 1 0 0 2.6a1.3 1.3 0 1 0 0-2.6zM15 8.6a1.3 1.3 0 1 0 0 2.6a1.3 1.3 0 1 0 0-2.6z", fill: true },
    Mouths[rating],
  ], 28);
}
