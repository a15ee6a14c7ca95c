"""``python -m toolkit.sample``: write the sample workbooks (see ``toolkit.sample.main``)."""

from toolkit.sample import main

raise SystemExit(main())
