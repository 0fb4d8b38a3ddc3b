"""Read YAML safely while keeping line numbers and catching duplicate keys.

PyYAML's loaders throw line numbers away and silently keep the last of two
equal keys, which hides a real mistake (a teacher pastes a second `answer:`).
So we let libyaml (when present) compose the node graph and build the plain
Python values ourselves, recording where every value stood.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from quizapp.text.safe import describe_character, unsafe_characters

Path = tuple[Hashable, ...]
"""A location in the document: mapping keys and list indexes from the root."""

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's C loader when PyYAML was built with it: the same rules, much faster."""

MAX_DEPTH = 64
"""No bank needs more nesting than this; deeper means a mistake or an attack."""


@dataclass
class YamlIssue:
    """A problem met while reading: where it stands and what it is."""

    path: Path
    line: int | None
    message: str


@dataclass
class YamlDocument:
    """Plain Python data plus where each piece of it stood in the file."""

    data: Any
    lines: dict[Path, int] = field(default_factory=dict)
    """Line (1-based) of each value; for a mapping entry, the line of its key."""
    raw: dict[Path, str] = field(default_factory=dict)
    """The text as written of each scalar that is not plain text, so `Yes` or `30` can be read
    as text (a string is its own text; `written` finds either)."""
    issues: list[YamlIssue] = field(default_factory=list)
    """Problems that did not stop reading, such as duplicate keys."""
    refused: set[Path] = field(default_factory=set)
    """Paths whose value was refused (an alias, a tag): already reported, so read as absent."""

    def written(self, path: Path, value: object) -> str | None:
        """`value` (found at `path`) as the file spells it, or None if it is not a scalar."""
        if isinstance(value, str):
            return value
        return self.raw.get(path)

    def line_of(self, path: Path) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]


class YamlSyntaxError(Exception):
    """The text is not YAML at all; carries a line for the message."""

    def __init__(self, line: int | None, message: str) -> None:
        self.line = line
        self.message = message
        super().__init__(message)


def read_yaml(text: str) -> YamlDocument:
    """Parse one YAML document into a `YamlDocument`.

    Raises `YamlSyntaxError` when the text cannot be parsed at all; smaller
    problems are collected in `issues` so that all of them can be reported
    in one run.
    """
    try:
        root = yaml.compose(text, Loader=SafeLoader)
    except yaml.reader.ReaderError as error:
        raise YamlSyntaxError(*_describe_reader_error(error, text)) from None
    except yaml.MarkedYAMLError as error:
        raise YamlSyntaxError(*_describe_marked_error(error, text)) from None
    except yaml.YAMLError as error:
        raise YamlSyntaxError(None, f"not valid YAML: {error}") from None
    except RecursionError:
        raise YamlSyntaxError(None, "the YAML is nested too deeply to read") from None
    document = YamlDocument(data=None, lines={(): 1})
    if root is not None:
        # A value can hold a control character only if the file does, or spells one
        # with a backslash escape ("\e"); most files do neither, and then no value is
        # looked through again (a tenth of the time it takes to read a large bank).
        suspect = "\\" in text or bool(unsafe_characters(text))
        # Likewise an alias needs an anchor (`&name`) to name: without a `&` anywhere in
        # the file, no node can be met twice and none is remembered.
        builder = _Builder(document, check_characters=suspect, may_alias="&" in text)
        document.data = builder.build(root, (), 0)
    return document


def _describe_reader_error(error: yaml.reader.ReaderError, text: str) -> tuple[int, str]:
    """A character YAML does not allow in a file at all (a raw ESC, say), with line and column."""
    position = max(0, min(error.position, len(text)))
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    char = chr(error.character) if isinstance(error.character, int) else str(error.character)
    return line, (
        f"column {column}: the file holds {describe_character(char)}, a control character "
        "that is not text; remove it (an editor that shows invisible characters helps)"
    )


_CONTEXTS = {
    "flow sequence": "the [...] list",
    "flow mapping": "the {...} mapping",
    "quoted scalar": "the quoted text",
    "block mapping": "the block",
    "block collection": "the block",
    "plain scalar": "the text",
}
"""PyYAML's names for what it was reading, in the words of a bank's author."""


def _describe_marked_error(error: yaml.MarkedYAMLError, text: str) -> tuple[int | None, str]:
    """Turn PyYAML's multi-line error into one line with line and column."""
    mark = error.problem_mark or error.context_mark
    problem = (error.problem or error.context or "not valid YAML").strip()
    if "maximum nesting depth" in problem:
        problem = "lists or blocks are nested too deeply (over 1,000 levels) to be a bank"
    elif "found character '\\t'" in problem or "found a tab" in problem or _tab_at(text, mark):
        problem = "a tab is used for indentation; YAML needs spaces"
    else:
        problem += _where_it_started(error, mark)
    if mark is None:
        return None, f"YAML syntax error: {problem}"
    return mark.line + 1, f"YAML syntax error at column {mark.column + 1}: {problem}"


def _where_it_started(error: yaml.MarkedYAMLError, mark: yaml.Mark | None) -> str:
    """`in the [...] list that starts at line 5`, when reading stopped further on."""
    started = error.context_mark if error.problem_mark else None
    if not error.context or started is None or mark is None or started.line == mark.line:
        return ""
    what = next((words for key, words in _CONTEXTS.items() if key in error.context), "")
    note = f" in {what} that starts at line {started.line + 1}" if what else ""
    if "flow sequence" in error.context:
        note += "; check its closing ], and put quotes around items that contain a comma"
    return note


def _tab_at(text: str, mark: yaml.Mark | None) -> bool:
    """True when the error points into a line's indentation and that holds a tab."""
    if mark is None:
        return False
    lines = text.splitlines()
    if mark.line >= len(lines):
        return False
    line = lines[mark.line]
    indentation = line[: len(line) - len(line.lstrip(" \t"))]
    return "\t" in indentation and mark.column <= len(indentation)


STRING_TAG = "tag:yaml.org,2002:str"

PLAIN_TAGS = frozenset({"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map", "tag:yaml.org,2002:omap"})
"""Tags a list or mapping may carry: the ones YAML gives it anyway."""


def _tag_label(tag: str) -> str:
    """`tag:yaml.org,2002:timestamp` -> `timestamp`, for messages."""
    return tag.rsplit(":", 1)[-1] if tag.startswith("tag:yaml.org,2002:") else "value"


def _tag_refused(tag: str) -> str:
    """The message for a tag such as `!!python/object`, written as the author wrote it."""
    if tag.startswith("tag:yaml.org,2002:"):
        tag = "!!" + tag.removeprefix("tag:yaml.org,2002:")
    return f"the tag {tag} is not allowed: a bank holds plain text, numbers and lists"


class _Builder:
    """Walks the composed node graph once, building values and the line maps."""

    def __init__(
        self, document: YamlDocument, *, check_characters: bool = True, may_alias: bool = True
    ) -> None:
        self.document = document
        self.check_characters = check_characters
        """False when the file's text has no such character and no escape to make one."""
        self.may_alias = may_alias
        """False when the file has no anchor, so no node is met twice."""
        self.constructor = SafeConstructor()
        self.seen: set[int] = set()
        self.alias_issue: YamlIssue | None = None
        self.aliases = 0

    def build(self, node: Node, path: Path, depth: int) -> Any:
        """Build the value of `node`, which stands at `path`."""
        if depth > MAX_DEPTH:
            self._issue(node, path, f"nested more than {MAX_DEPTH} levels deep")
            return None
        if self.may_alias:
            if id(node) in self.seen:
                self._alias(path)
                return None
            self.seen.add(id(node))
        if not isinstance(node, ScalarNode) and node.tag not in PLAIN_TAGS:
            self._issue(
                node,
                path,
                _tag_refused(node.tag),
            )
            return None
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        if isinstance(node, SequenceNode):
            return [
                self._located(child, (*path, index), depth)
                for index, child in enumerate(node.value)
            ]
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        self._issue(node, path, "unsupported YAML node")  # pragma: no cover - PyYAML has no others
        return None

    def _alias(self, path: Path) -> None:
        """Refuse an alias, reporting the first one and counting the rest.

        An alias comes back as the very node it names, so it is located by
        where it is used (the key or item holding it), not by the node. A
        "billion laughs" bank holds dozens; one message says it all.
        """
        self.aliases += 1
        self.document.refused.add(path)
        message = "aliases (*name) are not allowed in a bank; write the value out in full"
        if self.alias_issue is None:
            self.alias_issue = YamlIssue(path, self.document.line_of(path), message)
            self.document.issues.append(self.alias_issue)
        else:
            self.alias_issue.message = f"{message} ({self.aliases} aliases in this file)"

    def _located(self, node: Node, path: Path, depth: int) -> Any:
        """Record where `node` stands (unless it is an alias), then build it."""
        if not self.may_alias or id(node) not in self.seen:
            self.document.lines[path] = node.start_mark.line + 1
        return self.build(node, path, depth + 1)

    def _check_characters(self, node: ScalarNode, path: Path, *, key: bool = False) -> None:
        """A teacher wants to know of a control character or bidi override hidden in the text."""
        if not self.check_characters:
            return
        found = unsafe_characters(node.value)
        if found:
            what = ", ".join(found[:3]) + (f" and {len(found) - 3} more" if len(found) > 3 else "")
            if key:
                field = "a key holds"
            elif path and isinstance(path[-1], str):
                field = f"'{path[-1]}' holds"
            elif len(path) > 1 and isinstance(path[-1], int):
                field = f"'{path[-2]}' item {path[-1] + 1} holds"
            else:
                field = "the text holds"
            self._issue(
                node,
                path,
                f"{field} {what}: {'a control character' if len(found) == 1 else 'characters'} "
                "a terminal obeys instead of showing (clearing the screen, reversing the text "
                "after it); remove it",
            )

    def _scalar(self, node: ScalarNode, path: Path) -> Any:
        self._check_characters(node, path)
        if node.tag == STRING_TAG:
            return node.value  # most of a bank: no constructor needed, and written as it reads
        self.document.raw[path] = node.value
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.YAMLError:
            self._issue(
                node,
                path,
                _tag_refused(node.tag),
            )
            return node.value
        except (ValueError, TypeError, IndexError, KeyError, AttributeError, OverflowError):
            # PyYAML's constructors fail in many ways on `!!int ''` or `!!bool maybe`.
            self._issue(node, path, f"{node.value!r} is not a valid {_tag_label(node.tag)}")
            return node.value

    def _mapping(self, node: MappingNode, path: Path, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self._issue(key_node, path, "a key must be plain text")
                continue
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._issue(key_node, path, "merge keys (<<) are not allowed in a bank")
                continue
            key = key_node.value
            child_path = (*path, key)
            if self.check_characters:
                self._check_characters(key_node, child_path, key=True)
            key_line = key_node.start_mark.line + 1
            if key in first_line:
                self._issue(
                    key_node,
                    child_path,
                    f"duplicate key '{key}' (first at line {first_line[key]}): "
                    "YAML would silently keep only the last one; remove or rename one",
                )
                continue
            first_line[key] = key_line
            self.document.lines[child_path] = key_line
            if (
                value_node.tag == STRING_TAG
                and depth < MAX_DEPTH
                and not self.check_characters
                and not self.may_alias
                and isinstance(value_node, ScalarNode)
            ):
                result[key] = value_node.value  # plain text, nothing to check: most of a bank
            else:
                result[key] = self.build(value_node, child_path, depth + 1)
        return result

    def _issue(self, node: Node, path: Path, message: str) -> None:
        self.document.refused.add(path)
        self.document.issues.append(YamlIssue(path, node.start_mark.line + 1, message))
