"""The room: the quizzes running now, and how many may run at once."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from quizapp.serve import notices

if TYPE_CHECKING:
    from quizapp.serve.session import QuizSession


class Room:
    """At most `capacity` quizzes at once; a place frees when its quiz has exited."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._sessions: set[QuizSession] = set()
        self.closing = False
        """Set once the server is stopping: nobody else gets in."""

    @property
    def occupied(self) -> int:
        """Quizzes running (or starting) now."""
        return len(self._sessions)

    def enter(self, session: QuizSession) -> bool:
        """Give `session` a place, or False when the room is full or closing."""
        if self.closing or len(self._sessions) >= self.capacity:
            return False
        self._sessions.add(session)
        return True

    def leave(self, session: QuizSession) -> None:
        """Free `session`'s place (once its quiz has exited)."""
        self._sessions.discard(session)

    async def close(self) -> None:
        """Let nobody in, tell every tab the server is stopping, and wait for every quiz to exit."""
        self.closing = True
        await asyncio.gather(
            *(
                session.end(notices.SERVER_STOPPING, notices.server_stopping())
                for session in list(self._sessions)
            )
        )
