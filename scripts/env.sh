# Sourced by scripts/setup, scripts/triplan and scripts/test: puts the build tools that
# scripts/setup installed from PyPI (on machines without apt) on the path.
tools="${TRIPLAN_TOOLS:-$HOME/.cache/triplan-tools}"
if [ -x "$tools/cmake/data/bin/cmake" ]; then
  export PATH="$tools/cmake/data/bin:$PATH"
fi
if [ -f "$tools/clang/native/libclang.so" ]; then
  export LIBCLANG_PATH="${LIBCLANG_PATH:-$tools/clang/native}"
fi
