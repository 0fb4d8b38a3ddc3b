"""Allow `python -m quizapp`."""

from quizapp.launch import main

raise SystemExit(main())
