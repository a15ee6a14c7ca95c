"""The map stays true: ARCHITECTURE.md against the tree, the layers against pyproject, the
import rules against the code, and the dashboards' notebooks stay thin launchers."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
TOOLKIT = ROOT / "toolkit"
ARCHITECTURE = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
NOTEBOOKS = sorted((ROOT / "dashboards").glob("*.ipynb"))

# Top-level folders that are never part of the project (see .gitignore), when git is absent.
_NOT_PROJECT = {".git", ".venv", "data", "build", "artifacts", "__pycache__"}

MAX_NOTEBOOK_CODE_LINES = 15
_CONTROL_FLOW = (
    ast.If, ast.IfExp, ast.For, ast.AsyncFor, ast.While, ast.Try, ast.TryStar, ast.Match,
    ast.With, ast.AsyncWith, ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef,
    ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp,
)  # fmt: skip

# Third-party packages that only one toolkit folder may import.
ONLY_IN = {
    "openpyxl": "toolkit/workbook",
    "python_calamine": "toolkit/workbook",
    "xlsxwriter": "toolkit/workbook",
    "ipywidgets": "toolkit/ui",
    "anywidget": "toolkit/ui",
    "voila": "toolkit/ui",
    "jupyterhub": "toolkit/hub",
    "oauthenticator": "toolkit/hub",
}


# -- the map --------------------------------------------------------------------------------


def documented_paths() -> set[str]:
    """Paths named at the start of a list item in the Map section: "- `toolkit/store.py` — …"."""
    section = ARCHITECTURE.split("## Map", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^- `([^`]+)`", section, re.M))


def top_level_folders() -> set[str]:
    """Folders at the top that hold project files (tracked, or new and not ignored)."""
    if shutil.which("git") and (ROOT / ".git").exists():
        listed = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT, capture_output=True, text=True, check=True,
        ).stdout.splitlines()  # fmt: skip
        return {f"{name.split('/')[0]}/" for name in listed if "/" in name}
    return {
        f"{path.name}/"
        for path in ROOT.iterdir()
        if path.is_dir() and path.name not in _NOT_PROJECT
        and not path.name.endswith(".egg-info") and (path.name == ".ci" or path.name[0] != ".")
    }  # fmt: skip


def toolkit_parts() -> set[str]:
    """Every module and subpackage directly under toolkit/."""
    parts = set()
    for path in TOOLKIT.iterdir():
        if path.is_file() and path.suffix == ".py" and path.name != "__init__.py":
            parts.add(f"toolkit/{path.name}")
        elif path.is_dir() and any(path.glob("*.py")):
            parts.add(f"toolkit/{path.name}/")
    return parts


def test_map_names_every_folder_and_module() -> None:
    actual = top_level_folders() | toolkit_parts()
    documented = documented_paths()
    missing = sorted(actual - documented)
    stale = sorted(documented - actual)
    assert not missing, f"add a line to ARCHITECTURE.md (## Map) for: {missing}"
    assert not stale, f"ARCHITECTURE.md (## Map) names what no longer exists: {stale}"


def test_map_has_one_line_per_entry() -> None:
    section = ARCHITECTURE.split("## Map", 1)[1].split("\n## ", 1)[0]
    names = re.findall(r"^- `([^`]+)`", section, re.M)
    assert len(names) == len(set(names)), "a path is listed twice in ARCHITECTURE.md"


# -- the layers -----------------------------------------------------------------------------


def contract_layers() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    layers = next(c["layers"] for c in contracts if c["type"] == "layers")
    return [" | ".join(sorted(m.strip().removeprefix("toolkit.") for m in layer.split("|")))
            for layer in layers]  # fmt: skip


def documented_layers() -> list[str]:
    section = ARCHITECTURE.split("## Layers", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```\n(.*?)```", section, re.S)
    assert block, "ARCHITECTURE.md: no code block with the layers under ## Layers"
    return [" | ".join(sorted(m.strip() for m in line.split("|")))
            for line in block.group(1).splitlines() if line.strip()]  # fmt: skip


def test_layers_match_the_import_contract() -> None:
    assert documented_layers() == contract_layers()


# -- import rules ---------------------------------------------------------------------------


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_border_libraries_are_imported_only_at_their_border() -> None:
    wrong = []
    for path in sorted(TOOLKIT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        for package in imported_packages(path) & ONLY_IN.keys():
            if not relative.startswith(ONLY_IN[package] + "/"):
                wrong.append(f"{relative} imports {package} (only {ONLY_IN[package]}/ may)")
    assert not wrong, "\n".join(wrong)


# -- thin notebooks -------------------------------------------------------------------------


def code_cells(path: Path) -> list[nbformat.NotebookNode]:
    notebook = nbformat.read(path, as_version=4)
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def test_there_are_notebooks() -> None:
    assert NOTEBOOKS, "dashboards/ has no notebooks"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_a_thin_launcher(path: Path) -> None:
    cells = code_cells(path)
    lines = [line for cell in cells for line in cell.source.splitlines() if line.strip()]
    assert len(lines) <= MAX_NOTEBOOK_CODE_LINES, f"{len(lines)} code lines"
    for cell in cells:
        assert not cell.outputs, "stored outputs: clear them before committing"
        assert cell.execution_count is None, "stored execution count: clear outputs"
        tree = ast.parse(cell.source)
        flow = sorted({type(node).__name__ for node in ast.walk(tree)
                       if isinstance(node, _CONTROL_FLOW)})  # fmt: skip
        assert not flow, f"logic belongs in toolkit/, not in the notebook: {flow}"
        imports = {
            node.module.split(".")[0] if isinstance(node, ast.ImportFrom) and node.module
            else alias.name.split(".")[0]
            for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in node.names
        }  # fmt: skip
        assert imports <= {"toolkit"}, f"import from toolkit only, not {imports - {'toolkit'}}"


def is_wait_for_visitor(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Call)
        and isinstance(statement.value.func, ast.Name)
        and statement.value.func.id == "wait_for_visitor"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_waits_for_its_visitor_before_anything_else(path: Path) -> None:
    """A preheated kernel must read data when the page opens, not when Voilà started it, and
    behind a login a page may depend on who the visitor is: only imports come first."""
    statements = ast.parse("\n".join(cell.source for cell in code_cells(path))).body
    waits = [number for number, line in enumerate(statements) if is_wait_for_visitor(line)]
    assert waits, "the notebook never calls wait_for_visitor()"
    before = statements[: waits[0]]
    not_imports = [ast.unparse(s) for s in before if not isinstance(s, ast.Import | ast.ImportFrom)]
    assert not not_imports, f"runs before wait_for_visitor(): {not_imports}"
    kernelspec = nbformat.read(path, as_version=4).metadata.get("kernelspec", {})
    assert kernelspec.get("name") == "python3"


# -- tests share helpers, not test files ----------------------------------------------------

TESTS = ROOT / "tests"


def imported_modules(tree: ast.AST) -> set[str]:
    """Every module an import names, with each name imported from a module as a submodule
    candidate (``from tests import test_store`` imports ``tests.test_store``)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_test_files_import_helpers_never_other_test_files_or_conftest() -> None:
    """Shared test code lives in helper modules (tests/workbooks.py, tests/voila_server.py …)
    or in conftest.py fixtures; importing a test file runs its tests' module twice under two
    names and ties unrelated tests together."""
    wrong = []
    for path in sorted(TESTS.rglob("*.py")):
        for name in imported_modules(ast.parse(path.read_text(encoding="utf-8"))):
            last = name.rsplit(".", 1)[-1]
            if last.startswith("test_") or last == "conftest":
                wrong.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not wrong, "\n".join(wrong)


def is_fixture(function: ast.FunctionDef) -> bool:
    for decorator in function.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if ast.unparse(target) in ("pytest.fixture", "fixture"):
            return True
    return False


def fixture_name(function: ast.FunctionDef) -> str:
    """The name a fixture is requested by: ``@pytest.fixture(name=…)`` or the function's."""
    for decorator in function.decorator_list:
        if isinstance(decorator, ast.Call):
            for keyword in decorator.keywords:
                if keyword.arg == "name" and isinstance(keyword.value, ast.Constant):
                    return str(keyword.value.value)
    return function.name


def test_no_page_fixture_outside_the_browser_tests() -> None:
    """pytest-playwright's fixture ``page`` opens a browser page; an in-process fixture of the
    same name would shadow it in one file and be shadowed by it in another."""
    wrong = []
    for path in sorted(TESTS.rglob("test_*.py")) + sorted(TESTS.rglob("conftest.py")):
        if (TESTS / "browser") in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef):
                continue
            fixture = is_fixture(node)
            if fixture and fixture_name(node) == "page":
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} defines a fixture «page»")
            requests = [arg.arg for arg in node.args.args]
            if (fixture or node.name.startswith("test_")) and "page" in requests:
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} asks for «page»")
    assert not wrong, "\n".join(wrong)
