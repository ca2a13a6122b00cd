"""Imports point one way. From the bottom:

1. the shared foundation (``portal``: jobs, access, exports, views, forms, PDF and HTML helpers)
   imports no domain app;
2. ``partnerships``, the register, boards and meetings every area builds on;
3. the areas (``grants``, ``compact``, ``workprogramme``), each on its own: none imports another;
4. what gathers the areas (``search``, ``api``, ``standing``);
5. the project package (settings, URLs, the county-scale data set and the benchmark command),
   above everything.

Every import counts, at the top of a module or inside a function. Apps reach higher layers only
through ``portal.extensions`` (modules found by name, never imported by the lower app).
The one exception is the user model, which lives in ``partnerships.models.people`` (where the
first migration put it; moving a custom user model means rewriting every migration), so the
foundation's proxy of it (``portal.models.TwoFactorAccount``) imports it from there.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

LAYERS = [
    {"portal"},
    {"partnerships"},
    {"grants", "compact", "workprogramme"},
    {"search", "api", "standing"},
]
PROJECT_MODULES = {
    "portal.settings",
    "portal.county_settings",
    "portal.urls",
    "portal.county_urls",
    "portal.county",
    "portal.wsgi",
    "portal.celery",
    "portal.management.commands.benchmark",
}
# (importing module, imported module): allowed, with the reason.
EXCEPTIONS = {
    ("portal.models", "partnerships.models"): "the user model's home (see the docstring)",
}
APPS = {app for layer in LAYERS for app in layer}


def _layer(app: str) -> int:
    return next(n for n, layer in enumerate(LAYERS) if app in layer)


def _modules():
    for app in sorted(APPS):
        base = ROOT / app
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*.py")):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            yield name.removesuffix(".__init__"), path


def _imports(path: Path, module: str):
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                yield node.lineno, ".".join([*base, *([node.module] if node.module else [])])
            elif node.module:
                yield node.lineno, node.module


def wrong_way_imports() -> list[str]:
    found = []
    for module, path in _modules():
        if module in PROJECT_MODULES:
            continue
        app = module.split(".")[0]
        for line, imported in _imports(path, module):
            target = imported.split(".")[0]
            if target not in APPS or target == app:
                continue
            if any(module == a and imported.startswith(b) for a, b in EXCEPTIONS):
                continue
            if _layer(target) > _layer(app) or (_layer(target) == _layer(app) and _layer(app) == 2):
                found.append(f"{path.relative_to(ROOT)}:{line} imports {imported}")
    return found


def test_imports_point_one_way():
    assert wrong_way_imports() == []


@pytest.mark.parametrize(
    "source, expected",
    [
        ("portal/fake.py", "from partnerships.models import Meeting\n"),
        ("partnerships/fake.py", "def f():\n    from grants.models import Fund\n"),
        ("grants/fake.py", "import compact.models\n"),
        ("partnerships/views/fake.py", "from api.views import x\n"),
    ],
)
def test_the_check_catches_an_import_the_wrong_way(tmp_path, monkeypatch, source, expected):
    """The check itself: each of these, written into the tree, would be reported."""
    fake = tmp_path / source
    fake.parent.mkdir(parents=True)
    fake.write_text(expected)
    for app in APPS:
        (tmp_path / app).mkdir(exist_ok=True)
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)
    assert len(wrong_way_imports()) == 1
