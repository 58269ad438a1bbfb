"""The quiet-period sweep's deletions through a transport: what Telegram refuses is
not retried (the sweep then forgets those ids); a failure to reach it is raised, so
the chat's claim runs out and a later round tries again."""

from __future__ import annotations

import pytest

from bot.telegram.background import sweep_deleter
from bot.telegram.delivery import Failure, FailureKind


class Refusal(Exception):
    def __init__(self, kind: FailureKind, message: str = "") -> None:
        super().__init__(message)
        self.failure = Failure(kind, message=message)


class Port:
    """Only what deleting needs: batches and single deletions, each refused or not."""

    def __init__(self, *, batch: Refusal | None = None, single: Refusal | None = None) -> None:
        self.batch, self.single = batch, single
        self.calls: list[tuple[str, list[int]]] = []

    def classify(self, exc: BaseException) -> Failure:
        return exc.failure if isinstance(exc, Refusal) else Failure(FailureKind.OTHER)

    async def delete_many(self, chat_id: int, message_ids: list[int]) -> None:
        self.calls.append(("many", list(message_ids)))
        if self.batch is not None:
            raise self.batch

    async def delete_one(self, chat_id: int, message_id: int) -> None:
        self.calls.append(("one", [message_id]))
        if self.single is not None:
            raise self.single


async def test_ids_go_in_batches_of_at_most_100() -> None:
    port = Port()
    await sweep_deleter(port)(7, list(range(1, 251)))  # type: ignore[arg-type]
    assert [len(ids) for _kind, ids in port.calls] == [100, 100, 50]


async def test_past_48_hours_each_is_tried_once_and_nothing_raises() -> None:
    too_old = Refusal(FailureKind.REJECTED, "message can't be deleted for everyone")
    port = Port(batch=too_old, single=too_old)
    await sweep_deleter(port)(7, [1, 2, 3])  # type: ignore[arg-type]
    assert port.calls == [("many", [1, 2, 3]), ("one", [1]), ("one", [2]), ("one", [3])]


async def test_a_blocked_bot_is_not_an_error() -> None:
    port = Port(batch=Refusal(FailureKind.FORBIDDEN, "bot was blocked by the user"))
    await sweep_deleter(port)(7, [1, 2])  # type: ignore[arg-type]
    assert port.calls == [("many", [1, 2])]  # no retry


async def test_a_failure_to_reach_telegram_is_raised() -> None:
    port = Port(batch=Refusal(FailureKind.OTHER, "connection reset"))
    with pytest.raises(Refusal):
        await sweep_deleter(port)(7, [1, 2])  # type: ignore[arg-type]
