"""`python -m easytrack.i18n update|compile|check [path prefix …]`: see easytrack.i18n.catalogs."""

from __future__ import annotations

import sys

from easytrack.i18n import catalogs


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "update":
        for lang, missing in catalogs.update().items():
            print(f"{lang}: {missing} messages to translate")
        catalogs.compile_js()
        return 0
    if command == "compile":
        print(f"wrote {catalogs.compile_js()}")
        return 0
    if command == "check":
        problems = catalogs.check(tuple(argv[1:]))
        if problems:
            print(problems.report())
            return 1
        print("catalogues complete")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
