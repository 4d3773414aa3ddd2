"""The base of this project's policies that learn nothing: each names the action a tracker calls for."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker


class FixedActionPolicy(Policy, ABC):
    """Predicts `next_action(tracker)` with full confidence, and abstains when it is None."""

    @abstractmethod
    def next_action(self, tracker: DialogueStateTracker) -> str | None: ...

    def train(self, training_trackers: list[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        return self._resource  # nothing to learn

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        action = self.next_action(tracker)
        if action is not None:
            probabilities[domain.index_for_action(action)] = 1.0
        return self._prediction(probabilities)
