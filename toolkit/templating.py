"""The one way HTML is made from templates: Jinja2 with autoescaping and strict values.

Autoescaping is on for every template and a missing value is an error (``StrictUndefined``),
so a text from data (a department's name, a file name, an error message) never becomes
markup; a value that is already HTML is passed as ``markupsafe.Markup``, deliberately.
The pages (``toolkit.ui.html``) and the briefing (``toolkit.briefing.render_html``) each keep
their templates in a ``templates/`` folder of their package.
"""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined

__all__ = ["html_environment"]


def html_environment(package: str, *, keep_trailing_newline: bool = False) -> Environment:
    """The environment for the templates in ``package``'s ``templates/`` folder."""
    return Environment(
        loader=PackageLoader(package, "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=keep_trailing_newline,
    )
