"""Compiles the translation catalogues (.po to .mo) into every build of the package.

An installed wheel must carry the compiled catalogues: without them gettext finds
nothing and every survivor reads English. Everything else about the package is in
pyproject.toml; this file only adds that step to setuptools' build_py.
"""

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildPyWithCatalogues(build_py):
    def run(self) -> None:
        sys.path.insert(0, str(HERE))
        from bot.i18n_tools import compile_all

        count = compile_all(HERE / "bot" / "locales")
        if count == 0:
            raise SystemExit("no translation catalogue found under bot/locales")
        super().run()


setup(cmdclass={"build_py": BuildPyWithCatalogues})
