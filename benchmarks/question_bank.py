"""The question bank: questions written apart from the training data, run through the whole assistant
(Rasa server, action server, web channel), graded by the fact ids each reply carries.

A turn passes when the reply's fact ids include every expected id; `decline` passes when the reply
declines; `no_data` when it says the base has nothing. Everyday requests from another domain's public
data set (`tests/question_bank/everyday/`, CLINC150's test split) are run the same way and must be
declined.
"""

from __future__ import annotations

import json
import os
import random
import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot import servers
from bot.settings import PROJECT_ROOT

BANK_DIR = PROJECT_ROOT / "tests" / "question_bank"
OOD_FILE = Path(os.environ.get("OOD_TEST_FILE", BANK_DIR / "everyday" / "clinc150_test.jsonl"))
OOD_SAMPLE = 2000
OOD_SEED = 9
DECLINE = "decline"
NO_DATA = "no_data"
EVERYDAY = "everyday_ood"
# CLINC150 intents this assistant answers itself (greetings, thanks, "are you a bot", "what can I ask")
# or that are bare replies with no request in them: not everyday requests it must decline.
NOT_DECLINED = frozenset(
    {
        "greeting",
        "goodbye",
        "thank_you",
        "are_you_a_bot",
        "what_can_i_ask_you",
        "who_made_you",
        "what_is_your_name",
        "yes",
        "no",
        "maybe",
        "cancel",
        "repeat",
    }
)


@dataclass(frozen=True)
class Turn:
    ask: str
    expect: tuple[str, ...] | str  # fact ids, or "decline" / "no_data"

    @property
    def in_scope(self) -> bool:
        return self.expect != DECLINE


@dataclass(frozen=True)
class Conversation:
    id: str
    pattern: str
    phrased_by: str
    turns: tuple[Turn, ...]


@dataclass
class TurnResult:
    conversation: str
    pattern: str
    turn: int
    ask: str
    expect: tuple[str, ...] | str
    fact_ids: list[str]
    kinds: list[str]
    text: str
    passed: bool


@dataclass
class BankReport:
    results: list[TurnResult] = field(default_factory=list)

    def _share(self, chosen: list[TurnResult]) -> float:
        return sum(result.passed for result in chosen) / len(chosen) if chosen else float("nan")

    def in_scope(self) -> float:
        return self._share([r for r in self.results if r.expect != DECLINE and r.pattern != EVERYDAY])

    def out_of_scope(self) -> float:
        return self._share([r for r in self.results if r.expect == DECLINE and r.pattern != EVERYDAY])

    def everyday(self) -> float:
        return self._share([r for r in self.results if r.pattern == EVERYDAY])

    def search_share(self) -> float:
        answered = [r for r in self.results if "answer" in r.kinds or "search" in r.kinds]
        return sum("search" in r.kinds for r in answered) / len(answered) if answered else 0.0

    def per_pattern(self) -> dict[str, tuple[int, int]]:
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for result in self.results:
            counts[result.pattern][0] += result.passed
            counts[result.pattern][1] += 1
        return {pattern: (passed, total) for pattern, (passed, total) in sorted(counts.items())}

    def summary(self) -> str:
        lines = [
            f"in scope: {self.in_scope():.1%}  out of scope declined: {self.out_of_scope():.1%}  "
            f"everyday requests declined: {self.everyday():.1%}  search share of answers: {self.search_share():.1%}"
        ]
        for pattern, (passed, total) in self.per_pattern().items():
            lines.append(f"  {pattern:22s} {passed:4d}/{total:<4d} {passed / total:.0%}")
        return "\n".join(lines)

    def to_json(self) -> str:
        return json.dumps(
            {
                "in_scope": self.in_scope(),
                "out_of_scope": self.out_of_scope(),
                "everyday": self.everyday(),
                "search_share": self.search_share(),
                "per_pattern": self.per_pattern(),
                "results": [result.__dict__ for result in self.results],
            },
            indent=1,
            default=str,
        )


def load_bank(folder: Path = BANK_DIR) -> list[Conversation]:
    conversations = []
    for path in sorted(folder.glob("*.yml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
            turns = tuple(
                Turn(str(turn["ask"]), turn["expect"] if isinstance(turn["expect"], str) else tuple(turn["expect"]))
                for turn in entry["turns"]
            )
            conversations.append(Conversation(entry["id"], entry["pattern"], entry.get("phrased_by", "own"), turns))
    return conversations


def load_everyday(path: Path = OOD_FILE, sample: int = OOD_SAMPLE, seed: int = OOD_SEED) -> list[Conversation]:
    """A seeded sample of another domain's everyday requests, each a one-turn conversation to decline."""
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [record["text"] for record in records if record.get("intent") not in NOT_DECLINED]
    chosen = random.Random(seed).sample(texts, min(sample, len(texts)))
    return [Conversation(f"ood-{i}", EVERYDAY, "public", (Turn(text, DECLINE),)) for i, text in enumerate(chosen)]


def grade(turn: Turn, fact_ids: list[str], kinds: list[str]) -> bool:
    if turn.expect == DECLINE:
        return "decline" in kinds and not fact_ids
    if turn.expect == NO_DATA:
        return not fact_ids and "no_data" in kinds
    return set(turn.expect) <= set(fact_ids)


def ask(webhook_url: str, sender: str, text: str) -> list[dict[str, Any]]:
    reply: list[dict[str, Any]] = servers.post_json(webhook_url, {"sender": sender, "message": text}, timeout=60)
    return reply


def run_bank(webhook_url: str, conversations: list[Conversation]) -> BankReport:
    report = BankReport()
    for conversation in conversations:
        sender = secrets.token_hex(16)  # the web channel accepts only unguessable ids
        for number, turn in enumerate(conversation.turns):
            messages = ask(webhook_url, sender, turn.ask)
            fact_ids = [fact_id for message in messages for fact_id in message.get("fact_ids", [])]
            kinds = [str(message["answer_kind"]) for message in messages if "answer_kind" in message]
            text = "\n".join(str(message.get("text") or "") for message in messages)
            report.results.append(
                TurnResult(
                    conversation.id,
                    conversation.pattern,
                    number,
                    turn.ask,
                    turn.expect,
                    fact_ids,
                    kinds,
                    text,
                    grade(turn, fact_ids, kinds),
                )
            )
    return report


def main() -> int:
    """`python -m benchmarks.question_bank [--no-everyday]`: run the bank on fresh servers, print, save."""
    import argparse

    from benchmarks.servers import running_servers

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-everyday", action="store_true", help="skip the everyday requests of another domain")
    parser.add_argument("--out", default=str(PROJECT_ROOT / "results" / "question-bank.json"))
    args = parser.parse_args()
    conversations = load_bank()
    if not args.no_everyday:
        conversations += load_everyday()
    log_dir = PROJECT_ROOT / "var" / "log"
    log_dir.mkdir(parents=True, exist_ok=True)
    with running_servers(log_dir) as running:
        report = run_bank(f"{running.rasa.url}/webhooks/web/webhook", conversations)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report.to_json(), encoding="utf-8")
    print(report.summary())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
