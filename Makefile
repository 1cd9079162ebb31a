# FOS Mobile: the front door. See README.md.
SHELL := /bin/bash
GO ?= go
BIN := bin
FYNE := $(shell $(GO) env GOPATH)/bin/fyne
FYNE_TOOLS := fyne.io/tools/cmd/fyne@v1.7.4
ADDR ?= 127.0.0.1:8080

.PHONY: portal-audit portal-screenshots run test race vet fmt-check phone-check spec-check lint bench-server fuzz fuzz-short crash-test backup-drill smoke screenshot \
	package-linux android android-release ios server app fyne-cli clean start-time

## run: the demo server on SQLite and the app pointed at it (closing the app stops the server)
run:
	@scripts/deps.sh run
	@scripts/run.sh $(ADDR)

## test: the whole suite (installs missing Debian packages when root)
test:
	@scripts/deps.sh test
	$(MAKE) --no-print-directory vet fmt-check phone-check spec-check
	tools/axe/install.sh
	$(GO) test -count=1 ./...
	scripts/keyring-test.sh
	$(MAKE) --no-print-directory fuzz-short
	scripts/smoke.sh

vet:
	$(GO) vet ./...

## phone-check: the phone-only code (client's token store for android/ios) type-checks for the phones,
## and the Android packaging checks that need no NDK (scripts/android-check.sh)
phone-check:
	GOOS=android GOARCH=arm64 CGO_ENABLED=0 $(GO) vet ./client/ ./api/
	GOOS=ios GOARCH=arm64 CGO_ENABLED=0 $(GO) build ./client/ ./api/
	scripts/android-check.sh

## spec-check: api/openapi.yaml lints clean (Redocly CLI pinned in tools/spec-lint, npm ci when the lock
## changed), and the client oapi-codegen generates from it is committed as generated and works against the server
spec-check:
	@scripts/deps.sh spec
	tools/spec-lint/lint.sh
	$(GO) test -count=1 ./internal/oapiclient/

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

lint: vet fmt-check

## fuzz-short: each fuzz target for a few seconds (part of make test)
FUZZTIME ?= 3s
fuzz-short:
	$(GO) test -run '^$$' -fuzz '^FuzzDecodeLogin$$' -fuzztime $(FUZZTIME) ./server/httpapi/
	$(GO) test -run '^$$' -fuzz '^FuzzDecodeCreate$$' -fuzztime $(FUZZTIME) ./server/httpapi/
	$(GO) test -run '^$$' -fuzz '^FuzzImportCSV$$' -fuzztime $(FUZZTIME) ./server/importer/
	$(GO) test -run '^$$' -fuzz '^FuzzNeutralizedCellsReadBack$$' -fuzztime $(FUZZTIME) ./server/csvexport/
	$(GO) test -run '^$$' -fuzz '^FuzzParseAmount$$' -fuzztime $(FUZZTIME) ./server/console/
	$(GO) test -run '^$$' -fuzz '^FuzzSanitize$$' -fuzztime $(FUZZTIME) ./server/attachment/

## fuzz: the same targets for longer
fuzz:
	$(MAKE) fuzz-short FUZZTIME=2m

## bench-server: SQLite (and PostgreSQL when FOS_TEST_POSTGRES_URL is set) side by side; throughput by wrk
bench-server:
	@scripts/deps.sh server
	$(GO) run ./cmd/fos-bench $(BENCH_ARGS)

## portal-audit: Lighthouse (pinned in tools/lighthouse) on the portal's login, Estivage and request pages
## in the local Chromium: accessibility 100 and best practices 95 or more, or it fails; prints the scores
portal-audit:
	@scripts/deps.sh test
	tools/lighthouse/audit.sh

## portal-screenshots: every portal page at 360x640 and 1280x800 in French and Arabic, in docs/portal
portal-screenshots:
	@scripts/deps.sh test
	scripts/portal-screenshots.sh

## race: the app, client and server packages under the race detector (about 2 minutes once built)
race:
	$(GO) test -race -count=1 ./app/ ./screens/ ./client/ ./server/...

## crash-test: the kill -9 test at a larger size
crash-test:
	FOS_CRASH_SIZE=large $(GO) test -count=1 -run 'Crash' -v -timeout 30m ./server/durability/

## backup-drill: back up and restore SQLite (fos-server backup/restore) and PostgreSQL (pg_dump/pg_restore) at
## DRILL_SIZE members and requests (100000) while serving, with times and sizes; a throwaway PostgreSQL
## cluster is started when FOS_TEST_POSTGRES_URL is not set (root, Debian's postgresql); then the
## point-in-time recovery drill with pgBackRest (scripts/pitr-drill.sh)
DRILL_SIZE ?= 100000
backup-drill:
	@if [ -z "$$FOS_TEST_POSTGRES_URL" ]; then \
	  export FOS_PG_DIR=/tmp/fos-pg-drill FOS_PG_PORT=55499; \
	  FOS_TEST_POSTGRES_URL=$$(scripts/pg-throwaway.sh) || exit 1; export FOS_TEST_POSTGRES_URL; \
	  trap 'scripts/pg-throwaway.sh stop' EXIT; \
	fi; \
	set -o pipefail; FOS_BACKUP_DRILL=$(DRILL_SIZE) $(GO) test -count=1 -run '^TestDrill' -v -timeout 60m ./server/durability/ \
	  | grep -E 'DRILL|seeded|^(---|ok|FAIL|PASS)|_test.go'
	scripts/pitr-drill.sh $(DRILL_SIZE)

server:
	CGO_ENABLED=0 $(GO) build -o $(BIN)/fos-server ./cmd/fos-server

app:
	@scripts/deps.sh build
	$(GO) build -o $(BIN)/fos-mobile .

smoke:
	@scripts/deps.sh test
	scripts/smoke.sh

screenshot:
	scripts/screenshot.sh

fyne-cli:
	@test -x $(FYNE) || $(GO) install $(FYNE_TOOLS)

# API_URL is the API base URL built into packages (FOS_API_URL still
# overrides it at run time); PINS the optional SPKI pins, comma-separated.
API_URL ?=
PINS ?=
# They travel as fyne metadata, which the app reads at start (app/run.go).
PKG_META = $(if $(API_URL),--metadata APIURL=$(API_URL)) $(if $(PINS),--metadata Pins=$(PINS))

## package-linux: a desktop package with the fyne CLI, in dist/ (make package-linux API_URL=https://…)
package-linux: fyne-cli
	@scripts/deps.sh build
	@test -n "$(API_URL)" || echo "package-linux: no API_URL given; the package will need FOS_API_URL at run time"
	cp FyneApp.toml FyneApp.toml.keep && { $(FYNE) package -os linux -release $(PKG_META); s=$$?; mv -f FyneApp.toml.keep FyneApp.toml; exit $$s; }
	mkdir -p dist && mv -f *.tar.xz dist/

# BUILD is the Android version code (FyneApp.toml's Build when empty);
# KEYSTORE, KEY_ALIAS and KEYSTORE_PASS (environment) sign the packages.
BUILD ?=

## android: an installable, signed APK for testers in dist/ (needs ANDROID_NDK_HOME; make android API_URL=https://…)
android: fyne-cli
	FYNE=$(FYNE) API_URL=$(API_URL) PINS=$(PINS) BUILD=$(BUILD) scripts/android.sh apk

## android-release: the store bundle (.aab), signed with KEYSTORE (needs the NDK, bundletool and a JDK's jarsigner)
android-release: fyne-cli
	FYNE=$(FYNE) API_URL=$(API_URL) PINS=$(PINS) BUILD=$(BUILD) scripts/android.sh bundle

## ios: needs macOS with Xcode
ios: fyne-cli
	@test "$$(uname)" = Darwin || { echo "ios: needs macOS with Xcode"; exit 1; }
	@test -n "$(API_URL)" || { echo "ios: give API_URL=https://… (the phone has no FOS_API_URL)"; exit 1; }
	cp FyneApp.toml FyneApp.toml.keep && { $(FYNE) package -os ios -release $(PKG_META); s=$$?; mv -f FyneApp.toml.keep FyneApp.toml; exit $$s; }

## start-time: cold start to first painted frame, the app against a minimal Fyne form (ROUNDS=15; START_LANG=ar_MA.UTF-8 for Arabic)
start-time:
	@scripts/deps.sh test
	scripts/start-time.sh

clean:
	rm -rf $(BIN) dist
