"""Many users on one machine: JupyterHub with login, one standalone Voilà server per user.

The only package that imports JupyterHub (``authenticator``, ``idp``, ``memory_cap``,
``config``, ``run``); ``users`` and ``admin`` (the ``hub-user`` command) are standard library
only. What a logged-in user may do is decided in their own server by ``toolkit.access``.
"""
