"""Parse bank files with libyaml's C loader and nothing else: the baseline for validate."""

import sys

import yaml

for name in sys.argv[1:]:
    with open(name, encoding="utf-8") as file:
        yaml.load(file, Loader=yaml.CSafeLoader)
