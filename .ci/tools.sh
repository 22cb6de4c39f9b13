# Installs (once) the tools the web app needs, and puts them on PATH. Sourced by .ci/serve and .ci/test.
# Versions are pinned: trunk 0.21.14 is the last that builds with rustc 1.95; wasm-bindgen-cli must
# equal the wasm-bindgen in Cargo.lock; Debian's wasm-opt is too old, npm's binaryen 132 works; esbuild
# minifies the release build's JS (Trunk.toml's hook, .ci/post-build.js, which reads ESBUILD_VERSION here).

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132.0.0
ESBUILD_VERSION=0.28.2
TOOLS_DIR="$(pwd)/.tools"

say() { printf '\n== %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

ensure_web_tools() {
  command -v cargo >/dev/null || die "cargo is not installed: install Rust (https://rustup.rs)"
  command -v npm >/dev/null || die "npm is not installed: install Node.js 18 or newer"
  export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$TOOLS_DIR/node_modules/.bin:$PATH"

  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown || die "cannot add the wasm32 target"
  fi

  if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
    say "installing trunk $TRUNK_VERSION (from source, about 10 minutes, once)"
    cargo install --locked trunk --version "$TRUNK_VERSION" || die "cannot install trunk $TRUNK_VERSION"
  fi

  local wbg
  wbg="$(wasm_bindgen_version)"
  [ -n "$wbg" ] || die "no wasm-bindgen in Cargo.lock"
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wbg" ]; then
    say "installing wasm-bindgen-cli $wbg (about 3 minutes, once)"
    # Not --locked: its lock file names a version the registry no longer has.
    cargo install wasm-bindgen-cli --version "$wbg" --force || die "cannot install wasm-bindgen-cli $wbg"
  fi

  if [ "$(wasm-opt --version 2>/dev/null | awk '{print $3}')" != "${BINARYEN_VERSION%%.*}" ]; then
    say "installing wasm-opt (binaryen $BINARYEN_VERSION from npm) into .tools"
    mkdir -p "$TOOLS_DIR"
    npm install --prefix "$TOOLS_DIR" --no-audit --no-fund --silent "binaryen@$BINARYEN_VERSION" \
      || die "cannot install binaryen $BINARYEN_VERSION from npm"
  fi

  if [ "$(node -p 'require(require.resolve("esbuild", { paths: [process.argv[1]] })).version' "$TOOLS_DIR" 2>/dev/null)" != "$ESBUILD_VERSION" ]; then
    say "installing esbuild $ESBUILD_VERSION (from npm) into .tools"
    mkdir -p "$TOOLS_DIR"
    npm install --prefix "$TOOLS_DIR" --no-audit --no-fund --silent --save-exact "esbuild@$ESBUILD_VERSION" \
      || die "cannot install esbuild $ESBUILD_VERSION from npm"
  fi
}

# Chromium and chromedriver for the browser tests: Debian's packages (Playwright cannot download its own here).
ensure_chromium() {
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    say "installing chromium and chromium-driver (Debian packages)"
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo -n"
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium chromium-driver \
      || die "cannot install chromium: run 'apt-get install chromium chromium-driver' as root"
  fi
}
