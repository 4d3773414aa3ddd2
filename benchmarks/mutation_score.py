"""How much the fast tests protect the knowledge layer and the answer wording: a mutation score.

Every mutant that mutmut's rules make of `bot/knowledge/*.py` and `bot/answers.py` (or a seeded
sample of them) is written into a scratch copy of the project, and the fast tests run against it:
a mutant is killed when they fail (or hang), and survives when they pass. The checkout itself is
never modified. Runs with mutmut 2.x in a tool environment of its own (`make mutation` makes it),
while the tests run on the project's Python.

    python benchmarks/mutation_score.py PROJECT_DIR --python .venv/bin/python [--sample 0.25]
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from mutmut import Context, list_mutations, mutate

MUTATED = ("bot/knowledge", "bot/answers.py")
# The fast tests that reach those modules (those a version of the code has).
TESTS = (
    "tests/test_answers.py",
    "tests/test_text_matching.py",
    "tests/test_schema.py",
    "tests/test_database.py",
    "tests/test_content_validation.py",
    "tests/test_queries.py",
    "tests/test_actions.py",
    "tests/test_seed_article.py",
    "tests/test_content.py",
    "tests/test_benchmarks.py",
)
NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv*", "models", "results", "var", "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"
)


@dataclass(frozen=True)
class Verdict:
    file: str
    line: int
    index: int
    outcome: str  # "killed", "timeout" (counted as killed) or "survived"
    diff: str


def mutants_of(project: Path) -> list[Any]:
    files: list[Path] = []
    for name in MUTATED:
        path = project / name
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    found: list[Any] = []
    for path in files:
        relative = str(path.relative_to(project))
        found += list_mutations(Context(source=path.read_text(), filename=relative, dict_synonyms=[]))
    return found


def test_command(python: str, copy: Path) -> list[str]:
    tests = [name for name in TESTS if (copy / name).exists()]
    fast = "not rasa_model and not browser"
    return [python, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-m", fast, f"--basetemp={copy}.tmp", *tests]


def run_tests(copy: Path, python: str, timeout: float) -> str:
    env = {**os.environ, "PYTHONPATH": str(copy)}
    try:
        completed = subprocess.run(
            test_command(python, copy), cwd=copy, env=env, capture_output=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return "timeout"
    return "survived" if completed.returncode == 0 else "killed"


def judge(mutant: Any, copy: Path, python: str, timeout: float) -> Verdict:
    target = copy / mutant.filename
    original = target.read_text()
    context = Context(source=original, filename=mutant.filename, mutation_id=mutant, dict_synonyms=[])
    mutated, applied = mutate(context)
    diff = "".join(difflib.unified_diff(original.splitlines(True), mutated.splitlines(True), n=0))
    if not applied:
        return Verdict(mutant.filename, mutant.line_number + 1, mutant.index, "skipped", diff)
    target.write_text(mutated)
    try:
        outcome = run_tests(copy, python, timeout)
    finally:
        target.write_text(original)
    return Verdict(mutant.filename, mutant.line_number + 1, mutant.index, outcome, diff)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path, help="the checkout to measure (copied, never modified)")
    parser.add_argument("--python", required=True, help="the project's Python, which runs the tests")
    parser.add_argument("--sample", type=float, default=1.0, help="fraction of mutants to run (seeded)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--out", type=Path, required=True, help="JSON report (survivors with their diffs)")
    parser.add_argument("--shared", type=Path, help="the shared folder with the seed article (default: ../shared)")
    args = parser.parse_args(argv)

    project = args.project.resolve()
    scratch = Path(tempfile.mkdtemp(prefix="mutation-"))
    # The copies sit side by side in scratch, so the seed article's test finds ../shared from there too.
    shared = (args.shared or project.parent / "shared").resolve()
    if shared.is_dir():
        (scratch / "shared").symlink_to(shared)
    copies = [scratch / f"copy{index}" for index in range(args.workers)]
    for copy in copies:
        shutil.copytree(project, copy, ignore=NOT_COPIED)
    try:
        started = time.monotonic()
        if run_tests(copies[0], args.python, timeout=900) != "survived":
            print("the unmutated code fails its own tests: nothing to measure", file=sys.stderr)
            return 1
        timeout = max(60.0, 3 * (time.monotonic() - started))
        everything = mutants_of(copies[0])
        chosen = [m for m in everything if random.Random(f"{args.seed}:{m.filename}:{m.line}:{m.index}").random()
                  < args.sample]  # fmt: skip
        print(
            f"{len(chosen)} of {len(everything)} mutants, {args.workers} workers, timeout {timeout:.0f} s", flush=True
        )
        free = list(copies)

        done: list[Verdict] = []

        def one(mutant: Any) -> Verdict:
            copy = free.pop()
            try:
                verdict = judge(mutant, copy, args.python, timeout)
            finally:
                free.append(copy)
            done.append(verdict)
            if len(done) % 20 == 0:
                killed_so_far = sum(v.outcome in ("killed", "timeout") for v in done)
                print(f"  {len(done)}/{len(chosen)} run, {killed_so_far} killed", flush=True)
            return verdict

        with ThreadPoolExecutor(max_workers=args.workers) as pool:
            verdicts = list(pool.map(one, chosen))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    counted = [v for v in verdicts if v.outcome != "skipped"]
    killed = sum(v.outcome in ("killed", "timeout") for v in counted)
    per_file: dict[str, dict[str, int]] = {}
    for verdict in counted:
        tally = per_file.setdefault(verdict.file, {"mutants": 0, "killed": 0})
        tally["mutants"] += 1
        tally["killed"] += verdict.outcome != "survived"
    report = {
        "mutants": len(counted),
        "of_all": len(everything),
        "killed": killed,
        "score": killed / len(counted) if counted else None,
        "per_file": per_file,
        "tests": list(TESTS),
        "sample": args.sample,
        "seed": args.seed,
        "seconds": round(time.monotonic() - started),
        "survivors": [asdict(v) for v in counted if v.outcome == "survived"],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))
    print(f"mutation score {killed}/{len(counted)} = {report['score']:.1%} ({report['seconds']} s); {args.out}")
    for name, tally in sorted(per_file.items()):
        print(f"  {name}: {tally['killed']}/{tally['mutants']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
