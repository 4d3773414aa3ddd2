"""How much the full and the quick benchmark measure: counts and bounds, nothing else."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Plan:
    name: str
    train_from_scratch: bool  # quick reuses models/ and does not time training
    train_baseline: bool  # quick only reads the cached baseline
    concurrency_levels: tuple[int, ...]
    turns_per_level: dict[int, int] = field(default_factory=dict)
    level_max_seconds: float = 150
    request_timeout: float = 30
    single_turn_samples: int = 100  # greetings and direct action calls
    kb_factors: tuple[int, ...] = (1, 10, 100)
    kb_repeats: int = 50
    kb_query_budget_seconds: float = 4
    growth_turns: int = 200
    growth_max_seconds: float = 300

    def turns_at(self, concurrency: int) -> int:
        return self.turns_per_level[concurrency]


# About 15 minutes on 2 cores, plus several minutes the first time the baseline is trained.
FULL = Plan(
    name="full",
    train_from_scratch=True,
    train_baseline=True,
    concurrency_levels=(1, 8, 32),
    turns_per_level={1: 200, 8: 320, 32: 640},  # 200 sequential questions at 1
)

# Under 3 minutes on 2 cores: the served model, two load levels, 1x/10x knowledge, 50 turns.
QUICK = Plan(
    name="quick",
    train_from_scratch=False,
    train_baseline=False,
    concurrency_levels=(1, 8),
    turns_per_level={1: 30, 8: 80},
    level_max_seconds=40,
    single_turn_samples=30,
    kb_factors=(1, 10),
    kb_repeats=20,
    kb_query_budget_seconds=1,
    growth_turns=50,
    growth_max_seconds=60,
)
