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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_waits_for_its_visitor(path: Path) -> None:
    """A preheated kernel must read data when the page opens, not when Voilà started it."""
    source = "\n".join(cell.source for cell in code_cells(path))
    assert "wait_for_visitor()" in source
    kernelspec = nbformat.read(path, as_version=4).metadata.get("kernelspec", {})
    assert kernelspec.get("name") == "python3"
