#!/usr/bin/env bash
# What a machine without an Android NDK can check of the Android packaging
# (part of make phone-check):
#  1. AndroidManifest.xml compiles with the fyne CLI's own manifest encoder
#     (fyne.io/tools v1.7.4, cmd/fyne/internal/mobile/binres, copied out of
#     the module cache because it is an internal package) at the target SDKs
#     the CLI uses, 29 and 36: an attribute outside its table, a uses-sdk or
#     a malformed file fails here as it would in `fyne package`.
#  2. scripts/android.sh, run with a stand-in for the fyne CLI, writes the
#     version into the manifest while packaging, puts FyneApp.toml and the
#     manifest back afterwards (also when packaging fails), and refuses a
#     package whose assets hold Go sources or fonts.
# The real build (cgo for arm/arm64 with the NDK) cannot run here.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d)
# A tester's real APK in dist/ is kept aside and put back: the stand-in
# packages below write dist/fos-mobile.apk.
restore() {
  if [ -e "$work/kept.apk" ]; then mv -f "$work/kept.apk" dist/fos-mobile.apk; else rm -f dist/fos-mobile.apk; fi
  rm -rf "$work"
}
trap restore EXIT
# The developer's signing and pinning settings are not this check's.
unset KEYSTORE KEYSTORE_PASS KEY_ALIAS KEY_PASS PINS

# 1. The manifest through the CLI's encoder.
tools=$(cd "$work" && GOFLAGS=-mod=mod go mod download -json fyne.io/tools@v1.7.4 | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
mkdir -p "$work/enc/binres"
for f in "$tools"/cmd/fyne/internal/mobile/binres/*.go; do
  case "$f" in *_test.go | */genarsc.go) continue ;; esac
  cp "$f" "$work/enc/binres/"
done
chmod -R u+w "$work/enc"
# Its one import from the CLI's tree, util.SplitSlash, is strings.Split by "/".
sed -i -e '/"fyne.io\/tools\/cmd\/fyne\/internal\/util"/d' \
  -e 's#util\.SplitSlash(\([^)]*\))#strings.Split(\1, "/")#' "$work/enc/binres/table.go"
printf 'module enc\n\ngo 1.24\n' >"$work/enc/go.mod"
cat >"$work/enc/main.go" <<'EOF'
package main

import (
	"fmt"
	"os"

	"enc/binres"
)

func main() {
	for _, target := range []int{29, 36} {
		f, err := os.Open(os.Args[1])
		if err != nil {
			panic(err)
		}
		x, err := binres.UnmarshalXML(f, true, target)
		f.Close()
		if err == nil {
			_, err = x.MarshalBinary()
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "AndroidManifest.xml, target SDK %d: %v\n", target, err)
			os.Exit(1)
		}
	}
}
EOF
(cd "$work/enc" && GOFLAGS= go run . "$root/AndroidManifest.xml")
echo "android-check: AndroidManifest.xml compiles with the fyne CLI's encoder (target SDK 29 and 36)"

# 2. scripts/android.sh with a stand-in CLI.
cat >"$work/fyne" <<'EOF'
#!/usr/bin/env bash
# Stand-in for `fyne package`: does to the work tree what the real one does
# (Build+1 in FyneApp.toml), records the manifest it was given, and writes a
# package whose assets are $STUB_ASSETS.
set -euo pipefail
cp AndroidManifest.xml "$STUB_SEEN"
b=$(sed -n 's/^Build *= *\([0-9]*\)/\1/p' FyneApp.toml)
sed -i "s/^Build *= *[0-9]*/Build = $((b + 1))/" FyneApp.toml
[ -n "${STUB_FAIL:-}" ] && exit 3
d=$(mktemp -d)
mkdir -p "$d/assets" "$d/lib/arm64-v8a"
touch "$d/lib/arm64-v8a/libfosmobile.so" "$d/AndroidManifest.xml"
for a in $STUB_ASSETS; do mkdir -p "$d/assets/$(dirname "$a")"; touch "$d/assets/$a"; done
ext=apk
for x in "$@"; do [ "$x" = -release ] && ext=aab; done
(cd "$d" && zip -qr "$OLDPWD/FOS_Mobile.$ext" .)
rm -rf "$d"
EOF
chmod +x "$work/fyne"
before=$(sha256sum FyneApp.toml AndroidManifest.xml)
export FYNE="$work/fyne" STUB_SEEN="$work/seen.xml" ANDROID_NDK_HOME="$work" API_URL=https://fos.example
mkdir -p dist
[ ! -e dist/fos-mobile.apk ] || cp -p dist/fos-mobile.apk "$work/kept.apk"

STUB_ASSETS="" BUILD=42 scripts/android.sh apk >/dev/null
grep -q 'android:versionCode="42"' "$STUB_SEEN" || { echo "android-check: the manifest did not carry BUILD=42" >&2; exit 1; }
version=$(sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
grep -q "android:versionName=\"$version\"" "$STUB_SEEN" || { echo "android-check: the manifest did not carry version $version" >&2; exit 1; }
[ "$(sha256sum FyneApp.toml AndroidManifest.xml)" = "$before" ] || { echo "android-check: packaging left FyneApp.toml or the manifest modified" >&2; exit 1; }

if STUB_ASSETS="" STUB_FAIL=1 scripts/android.sh apk >/dev/null 2>&1; then
  echo "android-check: a failed package was reported as a success" >&2; exit 1
fi
[ "$(sha256sum FyneApp.toml AndroidManifest.xml)" = "$before" ] || { echo "android-check: a failed package left FyneApp.toml or the manifest modified" >&2; exit 1; }

if STUB_ASSETS="fonts/fonts.go fonts/NotoSansArabic-Regular.ttf" scripts/android.sh apk >/dev/null 2>&1; then
  echo "android-check: a package with Go sources and fonts in its assets was accepted" >&2; exit 1
fi
[ ! -d assets ] || { echo "android-check: a folder assets/ beside main.go would be copied whole into the APK" >&2; exit 1; }
echo "android-check: scripts/android.sh versions the manifest, restores FyneApp.toml and the manifest, refuses Go sources and fonts in assets"
