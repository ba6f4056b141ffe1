#!/usr/bin/env bash
# Builds the installable packages: target/package/kouza-guard_<version>_<arch>.deb and
# kouza-guard-<version>-1.<arch>.rpm, each holding the app (/usr/bin/kouza-guard-app, its desktop
# entry and icons) and the CLI (/usr/bin/kouza-guard), both from one release build.
#
# The packages' dependencies are derived from that build, not written by hand: every shared library
# the two binaries link against (their DT_NEEDED entries, resolved to files by ldd) is traced to the
# Debian package that owns it (dpkg -S) and its installed version, which becomes a Depends of the
# .deb; the .rpm requires the same libraries by soname, as rpmbuild's own dependency generator would.
# fonts-noto-cjk is added to the .deb: the consultation sheet's PDF embeds the system's Japanese
# font. The result goes into a config overlay (target/package/depends.json) that the Tauri bundler
# merges over src-tauri/tauri.conf.json.
#
#   scripts/package.sh              installs what is missing, builds, then bundles
#   scripts/package.sh --no-build   bundles the release build already made (CI, after
#                                   its own release build of the same packages)
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf 'kouza-guard package: %s\n' "$*" >&2; exit 1; }

build=yes
case "${1:-}" in
  "") ;;
  --no-build) build=no ;;
  *) echo "usage: $0 [--no-build]" >&2; exit 64 ;;
esac

out=target/package

if [ "$build" = yes ]; then
  scripts/setup.sh package
  say "UI build"
  (cd ui && npm run --silent build)
  say "Release build of the app and the CLI (one build)"
  cargo build --release -p kouza-guard-app -p kouza-guard
fi
# Where cargo put the build (CARGO_TARGET_DIR may move it), as an absolute path for the bundler.
target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
app=$target_dir/release/kouza-guard-app
cli=$target_dir/release/kouza-guard
[ -x "$app" ] && [ -x "$cli" ] || fail "$app and $cli are not built; run without --no-build"
[ -x packaging/node_modules/.bin/tauri ] || fail "the Tauri CLI is not installed; run: scripts/setup.sh package"
command -v dpkg-query >/dev/null 2>&1 || fail "dpkg is needed to trace the libraries to their packages (build on Debian or Ubuntu)"
mkdir -p "$out"

# --- Dependencies, from the binaries -----------------------------------------------------------
# The libraries each binary names itself (DT_NEEDED); what those load in turn is their packages'
# own business, as with dpkg-shlibdeps.
needed() { readelf -d "$1" | sed -n 's/.*(NEEDED).*Shared library: \[\(.*\)\]/\1/p'; }
# soname -> file, as the dynamic loader finds it on this machine ("libc.so.6 => /lib/…/libc.so.6",
# or the loader itself, "/lib64/ld-linux-x86-64.so.2").
# awk reads all of ldd's output: stopping early would fail the pipe (SIGPIPE) under pipefail.
resolve() {
  ldd "$1" | awk -v lib="$2" '
    found != "" { next }
    $1 == lib && $3 ~ /^\// { found = $3 }
    $1 ~ /^\// && substr($1, length($1) - length(lib)) == "/" lib { found = $1 }
    END { print found }'
}
# The Debian package that owns a file; usrmerge means the file may be listed under /lib or /usr/lib.
owner() {
  local path=$1 candidate found
  [ -n "$path" ] || return 1
  for candidate in "$path" "$(readlink -f "$path")" "${path#/usr}" "/usr$path"; do
    if found=$(dpkg-query -S "$candidate" 2>/dev/null | grep -v "^diversion by" | head -n1) && [ -n "$found" ]; then
      echo "${found%%:*}"
      return
    fi
  done
  return 1
}

declare -A deb_depends=() rpm_requires=()
say "Tracing the shared libraries of $app and $cli"
for binary in "$app" "$cli"; do
  while read -r soname; do
    [ -n "$soname" ] || continue
    path=$(resolve "$binary" "$soname")
    [ -n "$path" ] || fail "$binary needs $soname, which ldd does not find on this machine"
    package=$(owner "$path") || fail "$path ($soname, needed by $binary) belongs to no Debian package"
    version=$(dpkg-query -W -f='${Version}' "$package")
    # The upstream version, without the Debian revision: "built against 2.36", not against this
    # machine's exact security update.
    deb_depends[$package]="$package (>= ${version%-*})"
    rpm_requires[$soname()(64bit)]=1
    printf '  %-34s %-58s %s\n' "$soname" "$path" "$package $version"
  done < <(needed "$binary")
done
[ "$(uname -m)" = x86_64 ] || fail "the rpm sonames below assume a 64-bit x86 build; adjust for $(uname -m)"

json_list() { printf '%s\n' "$@" | sort -u | python3 -c 'import json, sys; print(json.dumps([l.rstrip("\n") for l in sys.stdin]))'; }
deb_list=$(json_list "${deb_depends[@]}" "fonts-noto-cjk")
rpm_list=$(json_list "${!rpm_requires[@]}")
cat > "$out/depends.json" <<EOF
{
  "bundle": {
    "linux": {
      "deb": { "depends": $deb_list, "files": { "/usr/bin/kouza-guard": "$cli" } },
      "rpm": { "depends": $rpm_list, "recommends": ["google-noto-sans-cjk-fonts"], "files": { "/usr/bin/kouza-guard": "$cli" } }
    }
  }
}
EOF
say "Depends: $(python3 -c 'import json, sys; print(", ".join(json.load(open(sys.argv[1]))["bundle"]["linux"]["deb"]["depends"]))' "$out/depends.json")"

# --- Bundle -------------------------------------------------------------------------------------
say "Bundling .deb and .rpm (Tauri bundler)"
bundle_dir=$target_dir/release/bundle
rm -rf "$bundle_dir/deb" "$bundle_dir/rpm"
# --no-binary-patching: the app in the package is byte for byte the one the tests ran (the patch
# only tells Tauri's updater which kind of package it came from; this app has no updater).
(cd src-tauri && ../packaging/node_modules/.bin/tauri bundle --ci --bundles deb,rpm --no-binary-patching --config "../$out/depends.json")

# The bundler names the files after the product name ("Kouza Guard_0.1.0_amd64.deb"); copy them
# under the package's own name, as Debian and RPM name their files.
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
rm -f "$out"/*.deb "$out"/*.rpm
deb=$(find "$bundle_dir/deb" -maxdepth 1 -name '*.deb' | head -n1)
rpm=$(find "$bundle_dir/rpm" -maxdepth 1 -name '*.rpm' | head -n1)
[ -n "$deb" ] && [ -n "$rpm" ] || fail "the bundler made no .deb or no .rpm under $bundle_dir"
deb_name=$(dpkg-deb -f "$deb" Package)
cp "$deb" "$out/${deb_name}_${version}_$(dpkg-deb -f "$deb" Architecture).deb"
cp "$rpm" "$out/$(basename "$rpm" | tr ' ' '-' | tr '[:upper:]' '[:lower:]')"
say "Packages:"
ls -l "$out"/*.deb "$out"/*.rpm
