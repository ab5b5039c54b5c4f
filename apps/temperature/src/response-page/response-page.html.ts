import { createHash } from 'node:crypto';
import type { FieldError } from '@tillidsbarometer/domain';
import { DEPARTMENT_NAMES, TIMING_QUESTION, type Question, type RespondentRole, type TimingCategory } from '@tillidsbarometer/surveys';

/*
 * The respondent's pages, rendered on the server as plain HTML forms: they work without JavaScript, in Danish, and
 * follow WCAG 2.1 AA (one fieldset and legend per question, a label per option, visible focus, contrast of at least
 * 4.5:1, lang="da", an error summary whose links lead to the questions that need an answer).
 */

const STYLE = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:1.125rem;line-height:1.5;color:#1b1b1b;background:#fff}
main{max-width:42rem;margin:0 auto;padding:1.5rem 1rem 4rem}
h1{font-size:2rem;line-height:1.2;margin:0 0 1rem}
h2{font-size:1.375rem;margin:0 0 .5rem}
p{margin:0 0 1rem}
.lead{font-size:1.25rem}
.hint{color:#4a4f54}
fieldset{border:0;margin:0 0 2rem;padding:0}
legend{font-weight:700;font-size:1.2rem;padding:0;margin-bottom:.5rem}
legend .number{display:block;font-weight:400;font-size:1rem;color:#4a4f54}
.option{display:flex;align-items:center;gap:.75rem;margin:.4rem 0}
.option input{width:1.5rem;height:1.5rem;margin:0;accent-color:#1d4ed8;flex:none}
.option label{cursor:pointer;padding:.15rem 0}
.separator{margin-top:1rem}
button{font:inherit;font-weight:700;color:#fff;background:#1d4ed8;border:2px solid #1d4ed8;border-radius:.25rem;padding:.6rem 1.4rem;cursor:pointer}
button:hover{background:#1e3a8a;border-color:#1e3a8a}
a{color:#1d4ed8}
:focus-visible{outline:3px solid #1b1b1b;outline-offset:3px;box-shadow:0 0 0 6px #ffd33d}
.error-summary{border:4px solid #b3261e;padding:1rem 1.25rem;margin:0 0 2rem}
.error-summary ul{margin:0;padding-left:1.25rem}
.error-summary a{color:#b3261e;font-weight:700}
.error-message{color:#b3261e;font-weight:700;margin:0 0 .5rem}
.has-error{border-left:5px solid #b3261e;padding-left:1rem}
.visually-hidden{position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);border:0;white-space:nowrap}
`;

const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

/**
 * No scripts at all, styles only from this page, forms only to this site, never framed, and no Referer: the address
 * holds the token, which must not travel to any other site. Never cached: the page is for one respondent.
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
});

export const ROLE_NAMES: Record<RespondentRole, string> = { citizen: 'borger', caseworker: 'sagsbehandler', leader: 'leder' };

export const ANSWER_OPTIONS: ReadonlyArray<{ value: string; label: string }> = [
  { value: '3', label: 'I høj grad' },
  { value: '2', label: 'I nogen grad' },
  { value: '1', label: 'I mindre grad' },
  { value: '0', label: 'Slet ikke' },
  { value: 'ved_ikke', label: 'Ved ikke' },
  { value: 'naegter_at_svare', label: 'Ønsker ikke at svare' },
];

export const TIMING_OPTIONS: Record<TimingCategory, string> = {
  i_rette_tid: 'I rette tid',
  noget_sent: 'Noget for sent',
  saa_sent_at_det_gav_problemer: 'Så sent, at det gav problemer',
};

export interface FormPage {
  token: string;
  title: string;
  role: RespondentRole;
  closesAt: string;
  questions: readonly Question[];
  askTiming: boolean;
  askDepartment: boolean;
  /** What the respondent chose, to keep it when the page is shown again with errors. */
  values: Record<string, string>;
  errors: readonly FieldError[];
}

export function formPage(page: FormPage): string {
  const errorFields = new Map(page.errors.map((error) => [error.field, error]));
  const summary = page.errors.length === 0 ? '' : errorSummary(page);
  const department = page.askDepartment ? departmentFieldset(page.values['department']) : '';
  const questions = page.questions
    .map((question, index) => questionFieldset(page, question, index, errorFields.has(`answers.${question.id}`)))
    .join('');
  const timing = page.askTiming ? timingFieldset(page.role, page.values['timing']) : '';
  return document(
    `${page.errors.length > 0 ? 'Fejl: ' : ''}${page.title} – spørgeskema`,
    `${summary}
<h1>${escape(page.title)}</h1>
<p class="lead">Du svarer som ${ROLE_NAMES[page.role]}. Det tager omkring fem minutter.</p>
<p>Dine svar er anonyme. Vi gemmer ikke, hvem du er, hvornår du svarede, eller hvilket link du brugte, og ingen kan se resultater fra færre end fem personer. Linket virker én gang. Du kan svare indtil ${escape(danishTime(page.closesAt))}.</p>
<p class="hint">Spørgsmålene er de samme, som VIVE stillede i hele landet i 2020, så kommunen kan sammenligne med dengang.</p>
<form method="post" action="/svar/${encodeURIComponent(page.token)}" novalidate>
${department}${questions}${timing}<button type="submit">Send mine svar</button>
</form>`,
  );
}

function errorSummary(page: FormPage): string {
  const items = page.errors.map((error) => {
    const questionId = error.field.startsWith('answers.') ? error.field.slice('answers.'.length) : undefined;
    const index = page.questions.findIndex((question) => question.id === questionId);
    if (index >= 0) return `<li><a href="#answer-${questionId}-3">Vælg et svar på spørgsmål ${index + 1}</a></li>`;
    return `<li>${escape(FIELD_TEXTS[error.rule] ?? 'Noget i svaret kunne ikke modtages. Prøv igen.')}</li>`;
  });
  return `<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus>
<h2 id="error-summary-title">Der er et problem</h2>
<ul>${items.join('')}</ul>
</div>`;
}

const FIELD_TEXTS: Record<string, string> = {
  unknownField: 'Svaret indeholdt felter, som skemaet ikke har. Prøv at udfylde siden igen.',
  isIn: 'Et af valgene var ikke gyldigt. Vælg igen.',
};

function questionFieldset(page: FormPage, question: Question, index: number, hasError: boolean): string {
  const name = `answers.${question.id}`;
  const errorId = `answer-${question.id}-error`;
  const options = ANSWER_OPTIONS.map((option, optionIndex) =>
    radio(name, `answer-${question.id}-${option.value}`, option.value, option.label, page.values[name] === option.value, optionIndex === 4),
  ).join('');
  return `<fieldset id="question-${question.id}"${hasError ? ` class="has-error" aria-describedby="${errorId}"` : ''}>
<legend><span class="number">Spørgsmål ${index + 1} af ${page.questions.length}</span>${escape(question.wording[page.role]!)}</legend>
${hasError ? `<p class="error-message" id="${errorId}"><span class="visually-hidden">Fejl: </span>Vælg et svar. Vælg „Ønsker ikke at svare“, hvis du ikke vil svare.</p>` : ''}${options}
</fieldset>
`;
}

function departmentFieldset(chosen: string | undefined): string {
  const options = Object.entries(DEPARTMENT_NAMES).map(([value, label]) =>
    radio('department', `department-${value}`, value, label, chosen === value),
  );
  return `<fieldset id="department">
<legend>Hvilken del af kommunen arbejder du i? <span class="hint">(valgfrit)</span></legend>
${options.join('')}
</fieldset>
`;
}

function timingFieldset(role: RespondentRole, chosen: string | undefined): string {
  const options = Object.entries(TIMING_OPTIONS).map(([value, label]) =>
    radio('timing', `timing-${value}`, value, label, chosen === value),
  );
  return `<fieldset id="timing">
<legend><span class="number">Sidste spørgsmål (valgfrit)</span>${escape(TIMING_QUESTION.wording[role])}</legend>
${options.join('')}
</fieldset>
`;
}

function radio(name: string, id: string, value: string, label: string, checked: boolean, separated = false): string {
  return `<div class="option${separated ? ' separator' : ''}"><input type="radio" id="${id}" name="${escape(name)}" value="${escape(value)}"${checked ? ' checked' : ''}><label for="${id}">${escape(label)}</label></div>
`;
}

export type MessageKind = 'unknown' | 'used' | 'closed' | 'notOpenYet' | 'received' | 'error';

export function messagePage(kind: MessageKind, opensAt?: string): string {
  const [heading, ...paragraphs] = MESSAGES[kind](opensAt);
  return document(heading!, `<h1>${escape(heading!)}</h1>\n${paragraphs.map((text) => `<p>${escape(text)}</p>`).join('\n')}`);
}

const MESSAGES: Record<MessageKind, (opensAt?: string) => string[]> = {
  unknown: () => [
    'Linket findes ikke',
    'Vi kan ikke finde et spørgeskema med dette link.',
    'Tjek, at du har skrevet hele linket rigtigt. Det står på brevet eller sedlen, du har fået.',
  ],
  used: () => [
    'Linket er allerede brugt',
    'Der er allerede svaret med dette link. Et link kan kun bruges én gang, så ingen kan svare to gange.',
    'Hvis det var dig, der svarede: tak for dine svar.',
  ],
  closed: () => ['Spørgeskemaet er lukket', 'Det er ikke længere muligt at svare på dette spørgeskema. Tak for din interesse.'],
  notOpenYet: (opensAt) => [
    'Spørgeskemaet er ikke åbnet endnu',
    `Du kan svare fra ${opensAt ? danishTime(opensAt) : 'den dato, der står i dit brev'}. Brug det samme link igen.`,
  ],
  received: () => ['Tak for dine svar', 'Dine svar er modtaget. De gemmes uden at kunne føres tilbage til dig.', 'Du kan lukke siden nu.'],
  error: () => ['Der skete en fejl', 'Dit svar kunne ikke modtages. Prøv at åbne linket igen.'],
};

function document(title: string, body: string): string {
  return `<!doctype html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escape(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

/** 1. marts 2027 kl. 08.00, Copenhagen time. */
function danishTime(iso: string): string {
  return new Intl.DateTimeFormat('da-DK', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Copenhagen' }).format(new Date(iso));
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
