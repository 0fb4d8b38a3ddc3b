"""The quiz application and `make_app`, the one factory that builds it.

The command line and the tests both call `make_app`, so the tests play the
very app a student gets.

The app never waits on the results database: writes go to the saver
(`quizapp.store.saver`), which opens the database and applies them on its
own thread, and screens read through `reader` once it is open. When saving
stands still (a lock, a full disk), `SavingChanged` tells the screen on top.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.binding import Binding
from textual.screen import Screen

from quizapp.bank.model import Deck
from quizapp.engine.options import Clock, RoundKind, RoundOptions, on_topics
from quizapp.roster import Roster
from quizapp.store.clock import Now, utc_now
from quizapp.store.journal import journal_folder
from quizapp.store.saver import Saver
from quizapp.text.names import clean_name
from quizapp.ui.base_app import QuizappApp
from quizapp.ui.messages import DeckChosen, RoundRequested, SavingChanged
from quizapp.ui.screens.deck_picker import DeckPickerScreen
from quizapp.ui.screens.start import StartScreen
from quizapp.ui.unsaved import confirm_quit, saving_status

if TYPE_CHECKING:
    from quizapp.engine.session import QuizSession
    from quizapp.store.address import DatabaseAddress
    from quizapp.store.results import ResultsStore
    from quizapp.store.review import ReviewScheduler

# The results store, the round's screens and what they need are imported where they are
# first used, after the first frame (see `warm_up`): the start screen needs none of them.

WARM_UP_MODULES = (
    "quizapp.store.results",
    "quizapp.store.history",
    "quizapp.store.recorder",
    "quizapp.store.resume",
    "quizapp.ui.screens.question",
    "quizapp.ui.screens.results",
    "quizapp.ui.screens.briefing",
    "quizapp.ui.screens.resume_prompt",
    "quizapp.ui.screens.stats",
    "rapidfuzz.distance",  # the typed-answer matcher's; 14 ms on the first typed answer otherwise
)
"""What the app imports after its first frame (`QuizApp.warm_up`)."""
NOTHING_TO_REVIEW = "Nothing to ask: every question is scheduled for later."
QUESTIONS_GONE = "That round cannot go on: its questions are no longer in this bank."
CLOSING_WAIT_SECONDS = 1.0
"""At exit, how long waiting answers get to reach the database before the journal keeps them."""


class QuizApp(QuizappApp[None]):
    """Picks a deck, introduces it, plays rounds and keeps every answer."""

    CSS_PATH = [
        "app.tcss",
        *(f"screens/{name}.tcss" for name in ("start", "dialogs", "question", "results", "stats")),
    ]
    """Every screen's stylesheet, read and parsed once before the first frame.

    A screen's own CSS_PATH, first read when the screen is first shown, makes
    Textual parse the whole stylesheet again from nothing (10 ms or more, on
    the first frame and again at the first question); read here, the
    screens' paths are already known and nothing is parsed twice."""
    TITLE = "quizapp"

    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        decks: Sequence[Deck],
        options: RoundOptions,
        saver: Saver,
        *,
        clock: Clock = time.monotonic,
        student_name: str | None = None,
        suggested_name: str = "",
        review_first: bool = False,
        roster: Roster | None = None,
    ) -> None:
        super().__init__()
        if not decks:
            raise ValueError("QuizApp needs at least one deck")
        self.decks = list(decks)
        self.options = options
        self.saver = saver
        self.clock = clock
        self.student_name = student_name
        """Given with --student; otherwise asked on the start screen."""
        self.suggested_name = suggested_name
        self.review_first = review_first
        self.roster = roster
        """The class list: when given, only names on it may play."""
        self.player: str | None = None
        """Who is playing (a clean name), once a round has started."""
        self.unsaved_at_exit = 0
        """Answers the journal kept at exit because the database would not take them."""
        self.playing: QuizSession | None = None
        """The round started last (told "left" if the app ends before it does)."""

    @property
    def reader(self) -> ResultsStore | None:
        """The results database to read from, once the saver has opened it."""
        return self.saver.reader

    def get_default_screen(self) -> Screen[None]:
        """The first screen is the bottom of the stack, drawn as the app starts.

        Pushed from `on_mount` instead, it would be laid out and rendered once
        before the app is running (a frame Textual throws away) and again after.
        """
        if len(self.decks) == 1:
            return self._start_screen(self.decks[0], can_go_back=False)
        return DeckPickerScreen(self.decks)

    def on_ready(self) -> None:
        """The first frame is on screen: now open the database (on the saver's thread).

        Started before the first paint, the saver's thread (importing the store,
        opening and migrating the file) would compete with drawing for the
        interpreter and delay the first frame; nothing on it needs the database.
        """
        from quizapp.store.writes import SyncDeck

        super().on_ready()
        self.saver.on_change = self._saving_changed_elsewhere
        if not self.saver.started:
            self.saver.start()
        for deck in self.decks:
            self.saver.submit(SyncDeck.of(deck, self.saver.now()))
        self._saving_changed_elsewhere()
        self.warm_up()

    @work(thread=True, exit_on_error=False, group="warm-up")
    def warm_up(self) -> None:
        """Import what a round needs while the student reads the start screen.

        Left out of the first frame on purpose (see the imports above); loaded
        here, on a thread, pressing Enter does not pay for it.
        """
        for module in WARM_UP_MODULES:
            importlib.import_module(module)

    def _saving_changed_elsewhere(self) -> None:
        """The saver's thread (or a submit) says saving changed: a message for the UI thread."""
        self.post_message(SavingChanged())

    def on_unmount(self) -> None:
        playing = self.playing
        if playing is not None and not playing.finished:
            from quizapp.store.recorder import RoundRecorder

            recorder = playing.observer
            if isinstance(recorder, RoundRecorder):
                recorder.left()  # quit mid-round: the class view says "left"
        self.saver.on_change = None
        self.unsaved_at_exit = self.saver.close(CLOSING_WAIT_SECONDS)

    @on(SavingChanged)
    def saving_changed(self) -> None:
        """Let the screen on top show how saving stands (it may be any of ours)."""
        if not self.screen_stack:
            return  # posted by the saver's thread as the app closed: no screen is left to tell
        show = getattr(self.screen, "show_saving", None)
        if show is not None:
            show(self.saver.status)

    def _start_screen(self, deck: Deck, can_go_back: bool) -> StartScreen:
        return StartScreen(
            deck,
            self.options,
            student_name=self.student_name,
            suggested_name=self.player or self.suggested_name,
            can_go_back=can_go_back,
            review_first=self.review_first,
        )

    @on(DeckChosen)
    def deck_chosen(self, event: DeckChosen) -> None:
        self.push_screen(self._start_screen(event.deck, can_go_back=True))

    @on(RoundRequested)
    def round_requested(self, event: RoundRequested) -> None:
        from quizapp.store.recorder import RoundRecorder
        from quizapp.ui.screens.question import QuestionScreen
        from quizapp.ui.screens.results import ResultsScreen

        if event.student_name:
            self.player = clean_name(event.student_name)
        if self.player is None:  # pragma: no cover - the start screen always names one
            return
        session, note = self._session(event)
        if session is None:
            self.notify(QUESTIONS_GONE if event.resume else NOTHING_TO_REVIEW)
            return
        saved = event.resume
        session.observer = RoundRecorder(
            self.saver,
            self.player,
            session,
            attempt_uid=saved.uid if saved else None,
            answer_uids={a.question_id: a.uid for a in saved.answers} if saved else None,
        )
        self.playing = session
        screen = QuestionScreen(session, note=note)
        if isinstance(self.screen, QuestionScreen | ResultsScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def _session(self, event: RoundRequested) -> tuple[QuizSession | None, str]:
        """The round asked for (new, retry, review, or resumed), and a note for the student."""
        from quizapp.engine.session import QuizSession
        from quizapp.store.clock import stamp
        from quizapp.store.resume import resumed_session
        from quizapp.store.review import review_questions
        from quizapp.store.writes import SetAside

        deck = event.deck
        if event.resume is not None:
            session, note, set_aside = resumed_session(deck, event.resume, self.options, self.clock)
            if set_aside:
                self.saver.submit(SetAside(set_aside, stamp(self.saver.now())))
            return session, note
        if event.kind is RoundKind.REVIEW:
            reader = self.reader
            student = reader.find_student(self.player or "") if reader else None
            cards = reader.review_cards(student, deck.id) if reader and student else []
            pool = on_topics(deck.questions, self.options.topics)
            now = reader.now() if reader else self.saver.now()
            questions = review_questions(pool, cards, now)[: self.options.limit]
            if not questions:
                return None, ""
            return QuizSession(
                deck, self.options, questions=questions, kind=RoundKind.REVIEW, clock=self.clock
            ), ""
        return QuizSession(
            deck, self.options, questions=event.questions, kind=event.kind, clock=self.clock
        ), ""

    async def action_quit(self) -> None:
        """Ctrl+Q: during a round, ask first; with answers still unsaved, ask first; else quit."""
        from quizapp.ui.screens.question import QuestionScreen

        if isinstance(self.screen, QuestionScreen):
            self.screen.action_quit_round()
            return
        confirm_quit(self, saving_status(self, settle=True), detail="")


def in_memory_saver() -> Saver:
    """A saver over an in-memory database: the quiz works, nothing is kept (tests, demos)."""

    def open_store() -> ResultsStore:
        from quizapp.store.results import ResultsStore

        return ResultsStore.in_memory()

    return Saver(open_store, None)


def folder_saver(
    folder: Path,
    now: Now = utc_now,
    scheduler: ReviewScheduler | None = None,
    address: DatabaseAddress | None = None,
) -> Saver:
    """A saver over the results database in `folder` (or at `address`), journaling in `folder`."""
    where = address or folder

    def open_store() -> ResultsStore:
        from quizapp.store.results import ResultsStore

        return ResultsStore.open(where, now, scheduler)

    return Saver(open_store, journal_folder(folder), now=now)


def make_app(
    decks: Sequence[Deck],
    options: RoundOptions | None = None,
    clock: Clock = time.monotonic,
    *,
    saver: Saver | None = None,
    data_dir: Path | None = None,
    database: DatabaseAddress | None = None,
    student_name: str | None = None,
    suggested_name: str = "",
    review_first: bool = False,
    roster: Roster | None = None,
) -> QuizApp:
    """Build the quiz app over loaded decks, saving to `database` (default: the file in
    `data_dir`), answers waiting in `data_dir`; in memory if neither is given."""
    if saver is None:
        saver = (
            folder_saver(data_dir, address=database) if data_dir is not None else in_memory_saver()
        )
    return QuizApp(
        decks,
        options or RoundOptions(),
        saver,
        clock=clock,
        student_name=student_name,
        suggested_name=suggested_name,
        review_first=review_first,
        roster=roster,
    )
