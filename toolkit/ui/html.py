"""The pages' HTML fragments, from the Jinja2 templates in ``toolkit/ui/templates/``.

The environment (``toolkit.templating``) escapes every value and refuses a missing one. A
value that is already HTML (a fragment rendered here, a prepared link) is passed as
:class:`Markup`, deliberately, and only there. The looks are CSS classes (``tvaerblik-…``)
in the Voilà page template's stylesheet (``share/jupyter/voila/templates/tvaerblik/
index.html.j2``), not inline styles: every page is shown through that template; a widget
built in-process (tests, scripts) carries the same classes, unstyled.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from toolkit.templating import html_environment

__all__ = ["Markup", "fragment", "macro", "render"]

# The small fragments are macros in one file; a page's larger blocks are templates of their own.
FRAGMENTS = "fragments.html.j2"

_ENVIRONMENT = html_environment("toolkit.ui")


def render(template: str, **values: Any) -> str:
    """The template ``template`` (a file in ``toolkit/ui/templates/``) filled with ``values``.

    A plain ``str``, not ``Markup``: ``Markup + str`` would escape the ``str``, so a caller
    that joins fragments by hand would see its HTML turn into text."""
    return str(_ENVIRONMENT.get_template(template).render(**values))


def macro(template: str, name: str, *args: Any, **kwargs: Any) -> str:
    """The macro ``name`` of ``template``, called with the arguments given (a plain ``str``,
    as :func:`render`)."""
    return str(getattr(_ENVIRONMENT.get_template(template).module, name)(*args, **kwargs))


def fragment(name: str, *args: Any, **kwargs: Any) -> str:
    """The macro ``name`` of the fragments every page shares."""
    return macro(FRAGMENTS, name, *args, **kwargs)
