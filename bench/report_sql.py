"""The bare SQL aggregation the teacher's report needs, straight from sqlite3: the baseline."""

from __future__ import annotations

import sqlite3
import sys

folder = sys.argv[1]
db = sqlite3.connect(f"file:{folder}/quizapp.db?mode=ro", uri=True)
students = db.execute(
    "SELECT s.name, COUNT(t.id), MAX(t.points * 1.0 / t.max_points), MAX(t.finished_at) "
    "FROM attempts t JOIN students s ON s.id = t.student_id WHERE t.kind = 'round' GROUP BY s.id"
).fetchall()
questions = db.execute(
    "SELECT a.question_id, COUNT(*), SUM(a.correct) FROM answers a JOIN attempts t ON t.id = a.attempt_id "
    "WHERE a.first_try = 1 AND t.kind = 'round' GROUP BY a.question_id"
).fetchall()
wrong = db.execute(
    "SELECT question_id, response_text, COUNT(*) AS n FROM answers WHERE correct = 0 AND skipped = 0 "
    "GROUP BY question_id, response_text ORDER BY n DESC"
).fetchall()
print(len(students), len(questions), len(wrong))
