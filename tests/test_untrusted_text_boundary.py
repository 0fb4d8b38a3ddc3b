"""The code keeps to its one boundary for untrusted text (read from the source itself).

Text from a bank, a student, a file name or the database may carry markup
or terminal control sequences. The UI shows text only through
`quizapp.ui.text` (`literal`, `template`, `cell`), and everything else that
writes for a person goes through `quizapp.text.safe` (`echo`, `csv_cell`,
`json_text`). These tests read the package's syntax trees, so a new widget
given a raw string, or a new `print`, fails here before it reaches a class.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "quizapp"
UI = PACKAGE / "ui"
BOUNDARY_MODULES = {UI / "text.py", PACKAGE / "text" / "safe.py"}

WIDGET_SINKS = {
    "Static",
    "Label",
    "Button",
    "Option",
    "Input",
    "update",
    "add_row",
    "add_column",
    "add_columns",
    "notify",
    "replace_option_prompt_at_index",
    "HangingOption",
}
"""Calls that put text on screen (Textual's widgets and methods, and our own that pass it on)."""

TEXT_KEYWORDS = {"content", "renderable", "label", "prompt", "message", "title", "value"}
TEXT_KEYWORDS |= {"placeholder", "text"}
SAFE_BUILDERS = {"literal", "template", "cell", "in_style", "with_click", "option_prompt"}
"""`quizapp.ui.text`'s helpers, and one that is built from them."""

CONTENT_WORDS = ("Content", "Text")
"""Annotations that say a value was built by the boundary (nothing else may build one)."""


def python_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if p not in BOUNDARY_MODULES)


def call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def is_safe(node: ast.expr, typed: frozenset[str] = frozenset()) -> bool:
    """A constant of ours, a boundary helper's result, or a combination of those.

    `typed` are the names of parameters and variables annotated `Content`
    (or `Text`), and of the module's functions that return one: such values
    can only have come from the boundary, since nothing else may build them.
    """
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.Name):
        return node.id in typed or node.id.lstrip("_").isupper()
    if isinstance(node, ast.Call):
        return call_name(node) in SAFE_BUILDERS or call_name(node) in typed
    if isinstance(node, ast.IfExp):
        return is_safe(node.body, typed) and is_safe(node.orelse, typed)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return is_safe(node.left, typed) and is_safe(node.right, typed)
    if isinstance(node, ast.Starred):
        value = node.value
        if isinstance(value, ast.List | ast.Tuple):
            return all(is_safe(element, typed) for element in value.elts)
        if isinstance(value, ast.ListComp | ast.GeneratorExp):
            return is_safe(value.elt, typed)
        if isinstance(value, ast.IfExp):
            return is_safe(ast.Starred(value.body), typed) and is_safe(
                ast.Starred(value.orelse), typed
            )
    return False


def says_content(annotation: ast.expr | None) -> bool:
    return annotation is not None and any(word in ast.unparse(annotation) for word in CONTENT_WORDS)


def content_parameters(function: ast.FunctionDef | ast.AsyncFunctionDef) -> frozenset[str]:
    """Parameters and local variables whose annotation says they hold Content (or Rich Text)."""
    arguments = function.args
    every = arguments.posonlyargs + arguments.args + arguments.kwonlyargs
    local = [
        node.target.id
        for node in ast.walk(function)
        if isinstance(node, ast.AnnAssign)
        and isinstance(node.target, ast.Name)
        and says_content(node.annotation)
    ]
    return frozenset([*(a.arg for a in every if says_content(a.annotation)), *local])


def content_functions(tree: ast.AST) -> frozenset[str]:
    """The module's functions and methods annotated to return Content (or Rich Text)."""
    return frozenset(
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and says_content(node.returns)
    )


def calls_with_typed_names(
    node: ast.AST, typed: frozenset[str] = frozenset(), returning: frozenset[str] = frozenset()
) -> Iterator[tuple[ast.Call, frozenset[str]]]:
    """Every call below `node`, with the Content-typed names it can see."""
    for child in ast.iter_child_nodes(node):
        inner = typed
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            inner = content_parameters(child) | returning
        if isinstance(child, ast.Call):
            yield child, inner | returning
        yield from calls_with_typed_names(child, inner, returning)


def unsafe_widget_text(source: str, label: str) -> Iterator[str]:
    """Each place in `source` (shown as `label`) where a widget gets text around the boundary."""
    tree = ast.parse(source)
    for node, typed in calls_with_typed_names(tree, returning=content_functions(tree)):
        name = call_name(node)
        where = f"{label}:{node.lineno}"
        if name in ("Content", "Text", "from_markup", "styled"):
            yield f"{where}: builds {name}(...) itself; use quizapp.ui.text"
            continue
        if name not in WIDGET_SINKS:
            continue
        arguments = list(node.args)
        if name == "replace_option_prompt_at_index":
            arguments = arguments[1:]
        arguments += [k.value for k in node.keywords if k.arg in TEXT_KEYWORDS]
        for argument in arguments:
            if not is_safe(argument, typed):
                yield f"{where}: {name}(...) is given {ast.unparse(argument)!r} directly"


def test_every_widget_gets_its_text_through_the_boundary() -> None:
    """No Static, Label, Button, Option, table cell or notification is handed a raw string."""
    problems = [
        line
        for path in python_files(UI)
        for line in unsafe_widget_text(
            path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE.parent))
        )
    ]
    assert problems == []


def runtime_imports(tree: ast.AST) -> Iterator[ast.ImportFrom]:
    """`from … import` statements that run (those under `if TYPE_CHECKING:` only name types)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            continue
        if isinstance(node, ast.ImportFrom):
            yield node
        yield from runtime_imports(node)


def test_only_the_boundary_imports_rich_text_or_builds_content() -> None:
    """Rich's Text and Textual's Content are made in `quizapp.ui.text` and nowhere else."""
    problems = [
        f"{path.name}:{node.lineno}: imports from {node.module}"
        for path in python_files(UI)
        for node in runtime_imports(ast.parse(path.read_text(encoding="utf-8")))
        if node.module in ("rich.text", "textual.content")
    ]
    assert problems == []


def writes_to_a_stream(node: ast.Call) -> bool:
    func = node.func
    if isinstance(func, ast.Name) and func.id == "print":
        return True
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "write"
        and isinstance(func.value, ast.Attribute)
        and func.value.attr in ("stdout", "stderr")
    )


def test_the_command_line_prints_only_through_echo() -> None:
    """`print` and `sys.stdout.write` would pass a control sequence to the terminal as it is."""
    problems = []
    for path in python_files(PACKAGE):
        if UI in path.parents:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        problems += [
            f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and writes_to_a_stream(node)
        ]
    assert problems == []


@pytest.mark.parametrize(
    "source",
    [
        "Static(prompt)",
        "label.update(f'{name} joined')",
        "table.add_row(student.name, '3')",
        "Static(Content(text))",
        "self.notify(message)",
        "Button(label=name)",
        "def line() -> str:\n    return x\nwidget.update(line())",
        "def f() -> None:\n    shown: str = g()\n    widget.update(shown)",
    ],
)
def test_the_check_catches_raw_text(source: str) -> None:
    """The checker itself: each of these hands untrusted text to a widget."""
    assert list(unsafe_widget_text(source, "probe.py"))


@pytest.mark.parametrize(
    "source",
    [
        "Static('Results')",
        "Static(literal(prompt))",
        "label.update(template('[b]Hint:[/b] $text', text=hint))",
        "table.add_row(cell(student.name), cell(3))",
        "Static(NOT_SAVED, markup=False)",
        "Static(literal(a) if b else HEADING)",
        "def put(content: Content | None) -> None:\n    widget.update(content)",
        "def line() -> Content:\n    return literal(x)\nwidget.update(line())",
        "def f() -> None:\n    shown: Content = g()\n    widget.update(shown)",
    ],
)
def test_the_check_lets_safe_text_through(source: str) -> None:
    assert list(unsafe_widget_text(source, "probe.py")) == []
