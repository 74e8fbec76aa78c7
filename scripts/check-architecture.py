#!/usr/bin/env python3
"""Checks the architecture that Package.swift declares, and exits 1 naming each breach:

- every Swift file imports only what its target may use: its listed dependencies (this package's targets, and
  the modules of the products it names) and the system's modules. Anything else is a wrong-way or undeclared
  import, which SwiftPM does not always refuse (a module built for another target can be found by accident);
- README.md's Architecture graph lists exactly the targets and package dependencies of Package.swift;
- outside each engine's target (QuotegenSQLite, QuotegenPostgres), only the wiring that opens an engine (ENGINE_WIRING) names its types;
- no source file is longer than MAX_FILE_LINES and no function longer than MAX_FUNCTION_LINES (the sizes the
  restructuring of issue 12 promised not to exceed).

    scripts/check-architecture.py            # from anywhere; `swift test` runs it (ArchitectureTests)
    scripts/check-architecture.py --fix      # removes the imports that are not allowed
    scripts/check-architecture.py --list     # each target's allowed imports
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


# Outside each engine's target, only the wiring that chooses and starts an engine may name its types.
ENGINES = {
    "SQLite": ("Sources/QuotegenSQLite/",
               re.compile(r'\b(GRDB\w*|DatabasePool|DatabaseQueue|SQLiteQuoteRepository|AppDatabase|sqlite3_\w+)\b')),
    "PostgreSQL": ("Sources/QuotegenPostgres/",
                   re.compile(r'\b(PostgresNIO|PostgresClient|PostgresConnection|PSQLError|PostgresQuery|PostgresAppDatabase|PostgresQuoteStore)\b')),
}
ENGINE_WIRING = {"Sources/QuotegenServer/OpenStore.swift", "Sources/QuotegenServer/ServedStore.swift",
                 "Sources/QuotegenServer/DatabaseFileWatch.swift"}

MAX_FILE_LINES = 260
MAX_FUNCTION_LINES = 75


def readme_graph():
    """The Architecture section's graph: {target: set of targets}."""
    text = (ROOT / "README.md").read_text()
    section = text.split("## Architecture", 1)[1].split("```", 2)[1]
    graph = {}
    for line in section.strip().split("\n"):
        name, _, deps = line.partition("<-")
        graph[name.strip()] = set(deps.split()) - {"(nothing)"}
    return graph


def graph_problems(all_targets):
    ours = {name for name in all_targets if name.startswith("Quotegen") and name != "QuotegenTests" or name == "quotegen"}
    declared = {name: {d for d in all_targets[name][1] if d in ours} for name in ours}
    drawn = readme_graph()
    problems = []
    for name in sorted(set(declared) | set(drawn)):
        if declared.get(name) != drawn.get(name):
            problems.append(f"README.md Architecture: {name} <- {sorted(drawn.get(name, ['(missing)']))}, "
                            f"but Package.swift says {sorted(declared.get(name, ['(missing)']))}")
    return problems


def engine_problems():
    problems = []
    for file in sorted(ROOT.glob("Sources/**/*.swift")):
        path = str(file.relative_to(ROOT))
        if path in ENGINE_WIRING:
            continue
        for engine, (home, names) in ENGINES.items():
            if path.startswith(home):
                continue
            for number, line in enumerate(file.read_text().split("\n"), 1):
                found = names.search(line.split("//")[0])
                if found:
                    problems.append(f"{path}:{number}: names the {engine} engine ({found.group(1)}) outside "
                                    f"{home.rstrip('/').split('/')[-1]} and the wiring that opens it")
    return problems


def size_problems():
    problems = []
    for file in sorted(ROOT.glob("Sources/**/*.swift")):
        lines = file.read_text().split("\n")
        if len(lines) - 1 > MAX_FILE_LINES:
            problems.append(f"{file.relative_to(ROOT)}: {len(lines) - 1} lines, more than {MAX_FILE_LINES}")
        for start, line in enumerate(lines):
            if not re.match(r'^\s*(?:[@\w()]+\s+)*(?:func|init)\b', line) or "{" not in line and not line.rstrip().endswith("("):
                if not re.match(r'^\s*(?:[@\w()]+\s+)*(?:func|init)\b', line):
                    continue
            depth, opened = 0, False
            for end in range(start, len(lines)):
                code = re.sub(r'"(?:\\.|[^"\\])*"', '""', lines[end].split("//")[0])
                depth += code.count("{") - code.count("}")
                opened = opened or "{" in code
                if opened and depth <= 0:
                    break
            if opened and end - start + 1 > MAX_FUNCTION_LINES:
                problems.append(f"{file.relative_to(ROOT)}:{start + 1}: a function of {end - start + 1} lines, more than {MAX_FUNCTION_LINES}")
    return problems


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
    problems += graph_problems(all_targets) + engine_problems() + size_problems()
    for problem in problems:
        print(problem)
    if problems and not fix:
        print(f"check-architecture: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"check-architecture: {sum(1 for _ in ROOT.glob('Sources/**/*.swift'))} source files: every import declared, "
          f"the README graph is Package.swift's, each engine named only in its target and the wiring, "
          f"no file over {MAX_FILE_LINES} lines, no function over {MAX_FUNCTION_LINES}",
          file=sys.stderr)
    return 0


if __name__ == "__main__" and "--list" in sys.argv:
    for name, (folder, deps) in targets().items():
        print(name, sorted(deps))
elif __name__ == "__main__":
    sys.exit(main())
