"""The action server registers exactly the custom actions the domain lists: no base classes, no strays."""

from __future__ import annotations

import inspect

import yaml
from rasa_sdk.executor import ActionExecutor

from actions.knowledge_action import KnowledgeAction
from bot.settings import PROJECT_ROOT


def registered_actions() -> set[str]:
    """What `rasa run actions --actions actions` serves: rasa_sdk's own registry, filled from the package."""
    executor = ActionExecutor()
    executor.register_package("actions")
    return set(executor.actions)


def test_the_registry_holds_exactly_the_domain_actions() -> None:
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())
    assert registered_actions() == set(domain["actions"])


def test_base_classes_are_abstract_and_never_registered() -> None:
    assert inspect.isabstract(KnowledgeAction)
    assert "" not in registered_actions()
