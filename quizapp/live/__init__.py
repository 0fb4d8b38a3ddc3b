"""Live class mode: the teacher paces a room, everyone answers the same question at once.

Plain Python over the results store (`quizapp.store.rooms`), no Textual: the
teacher's side (`host.LiveHost`), a student's side (`player.LivePlayer`),
what students may see of a question (`public`), how a room's answers are
counted for the reveal (`tally`), and how a waiting process learns that
the room changed (`wake`).
"""
