#!/usr/bin/env bash
# Android packages with the fyne CLI (fyne.io/tools v1.7.4).
#
#   scripts/android.sh apk      an installable, signed APK for testers: dist/fos-mobile.apk
#   scripts/android.sh bundle   the store bundle, signed: dist/fos-mobile.aab
#
# Environment: FYNE (the CLI), API_URL (required), PINS, BUILD (the version
# code; FyneApp.toml's Build by default), ANDROID_NDK_HOME (required: an NDK
# r19c or newer). Signing: KEYSTORE, KEY_ALIAS, KEYSTORE_PASS (and KEY_PASS
# when it differs): optional for the APK (without them it keeps the CLI's
# debug signature), required for the bundle.
#
# The CLI rewrites FyneApp.toml (Build+1) and reads AndroidManifest.xml beside
# main.go, into which this script writes the version: both files are put back
# as they were whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."

kind=${1:-}
case "$kind" in apk | bundle) ;; *) echo "usage: $0 apk|bundle" >&2; exit 2 ;; esac

FYNE=${FYNE:-fyne}
missing=()
[ -n "${ANDROID_NDK_HOME:-}" ] && [ -d "${ANDROID_NDK_HOME}" ] ||
  missing+=("an Android NDK r19c or newer, with ANDROID_NDK_HOME set to it")
[ -n "${API_URL:-}" ] || missing+=("API_URL=https://… (a phone has no FOS_API_URL)")
if [ "$kind" = bundle ]; then
  command -v bundletool >/dev/null || missing+=("bundletool on the PATH (https://github.com/google/bundletool/releases; the fyne CLI converts the APK with it)")
  command -v jarsigner >/dev/null || missing+=("jarsigner (a JDK) to sign the bundle")
  [ -n "${KEYSTORE:-}" ] && [ -f "${KEYSTORE}" ] || missing+=("KEYSTORE=path/to/upload-key.jks (the Play upload key)")
  [ -n "${KEY_ALIAS:-}" ] || missing+=("KEY_ALIAS=the key's alias in KEYSTORE")
  [ -n "${KEYSTORE_PASS:-}" ] || missing+=("KEYSTORE_PASS (in the environment, not on the command line)")
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "android $kind: missing:" >&2
  printf '  - %s\n' "${missing[@]}" >&2
  exit 1
fi

version=$(sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
build=${BUILD:-$(sed -n 's/^Build *= *\([0-9]*\)/\1/p' FyneApp.toml)}

# Put FyneApp.toml and the manifest back on any exit.
saved=$(mktemp -d)
cp FyneApp.toml AndroidManifest.xml "$saved/"
trap 'cp "$saved/FyneApp.toml" "$saved/AndroidManifest.xml" . ; rm -rf "$saved"' EXIT

sed -i -e "s/android:versionCode=\"[0-9]*\"/android:versionCode=\"$build\"/" \
  -e "s/android:versionName=\"[^\"]*\"/android:versionName=\"$version\"/" AndroidManifest.xml

meta=(--metadata "APIURL=$API_URL")
[ -n "${PINS:-}" ] && meta+=(--metadata "Pins=$PINS")
mkdir -p dist

if [ "$kind" = apk ]; then
  # Not -release: that path makes a bundle. The APK targets SDK 29 (the
  # CLI's fixed value outside -release) and carries the CLI's debug
  # signature (JAR v1), which Android accepts for that target.
  "$FYNE" package -os android -app-id ma.fos.mobile -app-build "$build" "${meta[@]}"
  apk=$(ls -t ./*.apk | head -1)
  if [ -n "${KEYSTORE:-}" ]; then
    command -v apksigner >/dev/null && command -v zipalign >/dev/null ||
      { echo "android apk: KEYSTORE given but apksigner/zipalign missing (apt-get install apksigner zipalign)" >&2; exit 1; }
    zipalign -f -p 4 "$apk" dist/fos-mobile.apk
    rm -f "$apk"
    keypass=KEYSTORE_PASS
    [ -n "${KEY_PASS:-}" ] && keypass=KEY_PASS
    apksigner sign --ks "$KEYSTORE" --ks-key-alias "${KEY_ALIAS:?KEY_ALIAS}" \
      --ks-pass env:KEYSTORE_PASS --key-pass "env:$keypass" dist/fos-mobile.apk
  else
    mv -f "$apk" dist/fos-mobile.apk
  fi
  command -v apksigner >/dev/null && apksigner verify --print-certs dist/fos-mobile.apk
  out=dist/fos-mobile.apk
else
  "$FYNE" package -os android -release -app-id ma.fos.mobile -app-build "$build" "${meta[@]}"
  aab=$(ls -t ./*.aab | head -1)
  mv -f "$aab" dist/fos-mobile.aab
  jarsigner -keystore "$KEYSTORE" -storepass:env KEYSTORE_PASS ${KEY_PASS:+-keypass:env KEY_PASS} \
    dist/fos-mobile.aab "$KEY_ALIAS"
  out=dist/fos-mobile.aab
fi

# What the package holds: no Go sources and no fonts among its assets (the
# fonts are embedded in the binary, once).
if unzip -l "$out" | awk '{print $4}' | grep -E '(^|/)assets/.*\.(go|ttf|otf)$'; then
  echo "android $kind: $out carries Go sources or fonts in its assets" >&2
  exit 1
fi
echo "android $kind: $out (version $version, code $build)"
