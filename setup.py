"""Build hook for the optional compiled Todd-Coxeter kernel (metadata lives in pyproject.toml).

The extension is optional: if no C compiler is available the install still succeeds and
repkit falls back to the pure-Python enumerator (repkit.groups._tc_python).
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "repkit.groups._tc_kernel",
            sources=["repkit/groups/_tc_kernel.c"],
            extra_compile_args=["-O3"],
            optional=True,
        )
    ]
)
