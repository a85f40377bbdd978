"""The catalogues: extract every translatable string from the code, update the `.po` files, compile the
browser's catalogue, and check that nothing is missing or stale.

    python -m easytrack.i18n update    # extract, then merge into every language's messages.po
    python -m easytrack.i18n compile   # write assets/i18n_catalog.js from the .po files
    python -m easytrack.i18n check     # exit 1 (and say what) when a translation is missing or stale

What counts as translatable (the keywords below): `t("…")` and `tn("…", "…", n)` in components,
`gettext(lang, "…")` and `ngettext(lang, "…", "…", n)` on the server, `tr(lang, "…")` and
`trn(lang, "…", "…", n)` in the browser's JSX, `self._t("…")` / `self._tn(…)` in a state, `N_("…")` for a text kept in a constant, and the message of
every service error raised with a literal (`raise ValidationError("…")`).
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from easytrack.i18n import DEFAULT, LANGUAGES, LOCALE_DIR

ROOT = LOCALE_DIR.parent.parent
JS_CATALOG = ROOT / "assets" / "i18n_catalog.js"
ERRORS = ("ServiceError", "ValidationError", "NotFound", "AuthFailed", "NotConfirmed", "Throttled", "Busy",
          "InvalidToken", "RegistrationClosed", "MailError", "ImportFailed")
KEYWORDS: dict[str, tuple[int, ...] | None] = {
    "t": None, "tn": (1, 2), "t_device": None, "N_": None,
    "gettext": (2,), "ngettext": (2, 3), "_t": None, "_tn": (1, 2),
    "tr": (2,), "trn": (2, 3),
    **{name: None for name in ERRORS},
}
# (directory, method map): Python under easytrack/, the browser's own code under assets/.
SOURCES = (
    ("easytrack", [("**.py", "python")]),
    ("assets", [("i18n_catalog.js", "ignore"), ("**.jsx", "javascript"), ("**.js", "javascript")]),
)
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"


def extract(skipped: list[str] | None = None) -> Catalog:
    """Every translatable string in the code, with where it is. A translatable call Babel cannot read (an
    f-string with substitutions) is appended to `skipped` as "file:line"."""
    template = Catalog(project="easytrack", fuzzy=False)
    noise = io.StringIO()
    with contextlib.redirect_stderr(noise):
        _extract_into(template)
    if skipped is not None:
        skipped += [line.split(": warning")[0].replace(str(ROOT) + "/", "")
                    for line in noise.getvalue().splitlines() if "Skipping f-string" in line]
    return template


def _extract_into(template: Catalog) -> None:
    for folder, methods in SOURCES:
        base = ROOT / folder
        options = {pattern: {"jsx": "true"} for pattern, method in methods if method == "javascript"}
        for filename, lineno, message, comments, context in extract_from_dir(
                base, methods, options, keywords=KEYWORDS, comment_tags=("i18n:",), strip_comment_tags=True):
            if not message or (isinstance(message, tuple) and not message[0]):
                continue
            template.add(message, None, [(f"{folder}/{filename}", lineno)], auto_comments=comments,
                         context=context)


def read(lang: str) -> Catalog:
    path = _po_path(lang)
    if not path.exists():
        return Catalog(locale=lang, project="easytrack")
    with path.open("rb") as f:
        return read_po(f, locale=lang)


def write(catalog: Catalog, lang: str) -> None:
    path = _po_path(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    out = io.BytesIO()
    write_po(out, catalog, width=110, sort_output=True, omit_header=False, include_previous=True,
             ignore_obsolete=True)
    path.write_bytes(out.getvalue())


def update() -> dict[str, int]:
    """Merge the strings in the code into each language's .po; returns untranslated counts per language."""
    template = extract()
    counts = {}
    for lang in LANGUAGES:
        if lang == DEFAULT:
            continue
        catalog = read(lang)
        catalog.update(template, no_fuzzy_matching=False, update_header_comment=False)
        write(catalog, lang)
        counts[lang] = sum(1 for m in catalog if m.id and (m.fuzzy or not _complete(m)))
    return counts


def _complete(m) -> bool:
    return all(m.string) if isinstance(m.string, (tuple, list)) else bool(m.string)


def compiled_js() -> str:
    """The text of assets/i18n_catalog.js for the .po files as they are."""
    plural = {DEFAULT: "(n != 1)"}
    messages: dict[str, dict] = {}
    for lang in LANGUAGES:
        if lang == DEFAULT:
            continue
        catalog = read(lang)
        plural[lang] = catalog.plural_expr
        messages[lang] = {}
        for m in sorted(catalog, key=lambda m: str(m.id)):
            if not m.id or m.fuzzy or not _complete(m):
                continue
            if m.pluralizable:
                messages[lang][m.id[0]] = list(m.string)
            else:
                messages[lang][m.id] = m.string
    lines = ["// Written by `python -m easytrack.i18n compile` from easytrack/locale/*/LC_MESSAGES/messages.po.",
             "// Do not edit: edit the .po files and compile again.", "",
             f"export const LANGUAGES = {json.dumps(LANGUAGES, ensure_ascii=False)};", "",
             "export const PLURAL = {"]
    lines += [f"  {lang}: (n) => Number({expr})," for lang, expr in plural.items()]
    lines += ["};", "", "export const CATALOG = {"]
    for lang, entries in messages.items():
        lines.append(f"  {lang}: {json.dumps(entries, ensure_ascii=False, separators=(',', ':'))},")
    lines += ["};", ""]
    return "\n".join(lines)


def compile_js() -> Path:
    JS_CATALOG.write_text(compiled_js(), encoding="utf-8")
    return JS_CATALOG


@dataclass
class Problems:
    missing: dict[str, list[str]] = field(default_factory=dict)  # lang → msgids without a translation
    fuzzy: dict[str, list[str]] = field(default_factory=dict)  # lang → msgids marked fuzzy
    stale: dict[str, list[str]] = field(default_factory=dict)  # lang → msgids no longer in the code
    placeholders: dict[str, list[str]] = field(default_factory=dict)  # lang → msgids with other {names}
    unreadable: list[str] = field(default_factory=list)  # "file:line" of f-strings in translatable calls
    js_stale: bool = False

    def __bool__(self) -> bool:
        return bool(self.missing or self.fuzzy or self.stale or self.placeholders or self.unreadable
                    or self.js_stale)

    def report(self) -> str:
        lines = []
        for title, found in (("no translation", self.missing), ("fuzzy (needs review)", self.fuzzy),
                             ("not in the code any more", self.stale),
                             ("placeholders differ from the English", self.placeholders)):
            for lang, ids in found.items():
                if ids:
                    lines.append(f"{lang}: {len(ids)} {title}:")
                    lines += [f"    {i!r}" for i in ids[:40]]
        if self.unreadable:
            lines.append(f"{len(self.unreadable)} translatable calls with an f-string (use \"{{name}}\" and name=…):")
            lines += [f"    {where}" for where in self.unreadable[:40]]
        if self.js_stale:
            lines.append(f"{JS_CATALOG.relative_to(ROOT)} is out of date: run `python -m easytrack.i18n compile`")
        return "\n".join(lines)


def _key(message) -> str:
    return message.id[0] if isinstance(message.id, tuple) else message.id


def _names(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


def check(only: tuple[str, ...] = ()) -> Problems:
    """What keeps the catalogues from being complete: see `Problems`. With `only` (path prefixes such as
    "easytrack/pages/grid.py"), missing texts and unreadable calls are those found in these paths."""
    problems = Problems()
    template = extract(problems.unreadable)
    wanted = {_key(m): m for m in template if m.id}
    if only:
        problems.unreadable = [w for w in problems.unreadable if w.startswith(only)]
        mine = {k for k, m in wanted.items() if any(loc[0].startswith(only) for loc in m.locations)}
    else:
        mine = set(wanted)
    for lang in LANGUAGES:
        if lang == DEFAULT:
            continue
        catalog = read(lang)
        have = {_key(m): m for m in catalog if m.id}
        problems.missing[lang] = sorted(k for k in mine if k not in have or not _complete(have[k]))
        problems.fuzzy[lang] = sorted(k for k in wanted if k in have and have[k].fuzzy)
        problems.stale[lang] = sorted(k for k in have if k not in wanted)
        bad = []
        for k, m in have.items():
            if k not in wanted or not _complete(m):
                continue
            english = _names(" ".join(m.id) if isinstance(m.id, tuple) else m.id)
            forms = m.string if isinstance(m.string, (tuple, list)) else (m.string,)
            # A plural form may leave out {n} ("один день"), never add a name the English lacks.
            if any(_names(f) - english for f in forms) or not english - {"n"} <= set().union(*map(_names, forms)):
                bad.append(k)
        problems.placeholders[lang] = sorted(bad)
        for d in (problems.missing, problems.fuzzy, problems.stale, problems.placeholders):
            if not d[lang]:
                del d[lang]
    problems.js_stale = not JS_CATALOG.exists() or JS_CATALOG.read_text(encoding="utf-8") != compiled_js()
    return problems
