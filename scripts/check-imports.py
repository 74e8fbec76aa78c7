#!/usr/bin/env python3
"""Checks that every Swift file imports only what its target may use, as Package.swift declares it.

A target may import its listed dependencies (this package's targets, and the modules of the products it
names) and the system's modules; anything else is a wrong-way or undeclared import, which SwiftPM does not
always refuse (a module built anyway for another target can be found by accident). Exits 1 naming each one.

    scripts/check-imports.py            # from the repository root (README's test command runs it)
    scripts/check-imports.py --fix      # removes the imports that are not allowed (then build, and add back
                                        # what the compiler asks for through Package.swift)
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SYSTEM = {"Foundation", "FoundationEssentials", "Glibc", "Musl", "Darwin", "Synchronization", "Dispatch", "Testing",
          "PackageDescription", "PackagePlugin"}


def targets():
    """Each target's name, folder and allowed imports, read from Package.swift."""
    text = (ROOT / "Package.swift").read_text()
    found = {}
    starts = [m for m in re.finditer(r'\n        \.(target|executableTarget|testTarget|plugin)\(', text)]
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        kind, body = match.group(1), text[match.end():end]
        name = re.search(r'name:\s*"([^"]+)"', body).group(1)
        deps = set()
        if "dependencies:" in body:
            listed = body.split("dependencies:", 1)[1]
            listed = listed[listed.index("[") + 1:listed.index("]")]
            deps = set(re.findall(r'\.product\(name:\s*"([^"]+)"', listed))
            deps |= set(re.findall(r'"([A-Za-z]\w*)"', re.sub(r'\.product\([^)]*\)', "", listed)))
        path = re.search(r'path:\s*"([^"]+)"', body)
        folder = path.group(1) if path else ("Tests/" if kind == "testTarget" else "Plugins/" if kind == "plugin" else "Sources/") + name
        found[name] = (ROOT / folder, deps - {name})
    return found


def main():
    fix = "--fix" in sys.argv
    problems = []
    all_targets = targets()
    for name, (folder, allowed) in sorted(all_targets.items()):
        for file in sorted(folder.rglob("*.swift")):
            lines = file.read_text().split("\n")
            kept = []
            for number, line in enumerate(lines, 1):
                match = re.match(r'^(?:@testable |@preconcurrency |@_exported )?import (?:class |struct |enum |protocol |func )?([A-Za-z_]\w*)', line)
                if match and match.group(1) not in allowed | SYSTEM:
                    problems.append(f"{file.relative_to(ROOT)}:{number}: {name} imports {match.group(1)}, which Package.swift does not list for it")
                    if fix:
                        continue
                kept.append(line)
            if fix:
                file.write_text("\n".join(kept))
    for problem in problems:
        print(problem)
    if problems and not fix:
        print(f"check-imports: {len(problems)} import(s) outside the declared dependencies", file=sys.stderr)
        return 1
    print(f"check-imports: {sum(1 for _ in ROOT.glob('Sources/**/*.swift'))} source files, every import declared", file=sys.stderr)
    return 0


if __name__ == "__main__" and "--list" in sys.argv:
    for name, (folder, deps) in targets().items():
        print(name, sorted(deps))
elif __name__ == "__main__":
    sys.exit(main())
