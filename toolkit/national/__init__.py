"""The published national figures beside the municipality's own (issue 16).

Rates per 1.000 16-66-årige for the municipality, its comparison group and the country
(:mod:`~toolkit.national.rates`), the ministry's benchmark places
(:mod:`~toolkit.national.benchmark`) and the bridge between the register and Jobindsats
(:mod:`~toolkit.national.bridge`). The rules are written for controllers in Danish in
``docs/national.md``; the areas are matched by one rule (:mod:`~toolkit.national.areas`).
"""
