// The browser side of easytrack's languages: every static text of a page is `tr(lang, "English text")`,
// looked up in the catalogue compiled from the .po files (i18n_catalog.js). `lang` is the state's language;
// before the server has said which (""), the language saved on this device or the browser's own is used,
// so a returning Russian reader does not see the English page flash by.
import { useEffect } from "react";
import { CATALOG, LANGUAGES, PLURAL } from "./i18n_catalog.js";

const SAVED = "easytrack_lang";
const DEFAULT = "en";

const known = (code) => {
  if (typeof code !== "string") return null;
  const base = code.trim().replace("_", "-").split("-")[0].toLowerCase();
  return Object.prototype.hasOwnProperty.call(LANGUAGES, base) ? base : null;
};

let guessed = null;
/** The language this device would get before the server decides: the saved choice, then the browser's. */
export const guess = () => {
  if (guessed) return guessed;
  if (typeof window === "undefined") return DEFAULT;
  let saved = null;
  try {
    saved = known(window.localStorage.getItem(SAVED));
  } catch (e) {
    saved = null;
  }
  const wanted = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
  guessed = saved || wanted.map(known).find(Boolean) || DEFAULT;
  return guessed;
};

/** The language to show: the state's, when it is one we have. */
export const resolve = (lang) => known(lang) || guess();

const fill = (text, params) =>
  params ? text.replace(/\{(\w+)\}/g, (m, k) => (params[k] !== undefined && params[k] !== null ? String(params[k]) : m)) : text;

const numbers = {};
/** `n` written the way the language writes numbers (1 234,5 in Russian). */
export const num = (lang, n) => {
  const l = resolve(lang);
  if (typeof n !== "number") return n;
  numbers[l] = numbers[l] || new Intl.NumberFormat(l === DEFAULT ? "en-GB" : l);
  return numbers[l].format(n);
};

/** `msgid` in `lang`, its {placeholders} filled from `params`. */
export function tr(lang, msgid, params) {
  const table = CATALOG[resolve(lang)];
  const found = table && table[msgid];
  return fill(typeof found === "string" ? found : msgid, params);
}

/** The plural form of `one`/`other` for `n` in `lang` (the catalogue's CLDR rule); `{n}` is filled too. */
export function trn(lang, one, other, n, params) {
  const l = resolve(lang);
  const count = Number(n);
  const all = { ...(params || {}), n: num(l, count) };
  const forms = CATALOG[l] && CATALOG[l][one];
  if (Array.isArray(forms)) {
    const i = Math.min((PLURAL[l] || PLURAL[DEFAULT])(count), forms.length - 1);
    return fill(forms[i], all);
  }
  return fill(count === 1 ? one : other, all);
}

/** Keeps <html lang> and the window title in the page's language. */
export function LangSync({ lang, title }) {
  const l = resolve(lang);
  useEffect(() => {
    document.documentElement.lang = l;
  }, [l]);
  useEffect(() => {
    if (title) document.title = title;
  }, [title]);
  return null;
}
