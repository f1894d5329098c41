# The two commands of the README. Each installs what it needs first.
#   make demo    build, make a demo database of synthetic children with a
#                user of each role, and serve it (Ctrl-C stops)
#   make check   build with AddressSanitizer and UBSan, run every test
#   make fuzz    run each libFuzzer harness in fuzz/ for FUZZ_SECONDS (60)
#   make demo-903  an empty database with a business support user, to load
#                the generated 1,000-child SSDA903 return through the page
DEMO_DB ?= demo.db
LISTEN ?= 127.0.0.1:8080

.PHONY: demo demo-903 check build clean bench assets fuzz install

# web/dist/: CSS, JavaScript and icons, embedded in the binary by meson.
# Needs node and npm; quick when nothing in web/ changed.
assets:
	scripts/install-deps web
	scripts/build-assets

build: assets
	scripts/install-deps build
	@[ -d build ] || meson setup build --buildtype=release
	ninja -C build

demo: build
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	./build/oversight --db $(DEMO_DB) demo
	@echo
	@./build/oversight --db $(DEMO_DB) due --status overdue | tail -1
	@echo "Sign in with a user above (try iro, then qa). The command line works too:"
	@echo "  ./build/oversight --db $(DEMO_DB) due --status overdue"
	@echo
	./build/oversight --db $(DEMO_DB) serve --listen $(LISTEN)

# The demo starting from an SSDA903 return instead: no children yet, one
# business support user, and the generated 2025/26 return (with the errors
# the generator injected put back) ready to upload at /import/903.
DEMO903_PASSWORD ?= demo password for support
demo-903: build
	@rm -rf $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm build/return-2026
	./build/oversight --db $(DEMO_DB) migrate
	@echo '$(DEMO903_PASSWORD)' | ./build/oversight --db $(DEMO_DB) user add support --role business-support --name "Business support"
	tests/ssda903/restore-injected tests/ssda903/fixtures/n1000/in tests/ssda903/fixtures/n1000/injected.csv build/return-2026
	@echo
	@echo "Sign in as support (password: $(DEMO903_PASSWORD)), open Load SSDA903 return,"
	@echo "choose every file in $(CURDIR)/build/return-2026 and check them, then load them."
	@echo "tests/ssda903/fixtures/n1000/in is the same return with its injected errors, which the page refuses."
	@echo
	./build/oversight --db $(DEMO_DB) serve --listen $(LISTEN) \
	  --postcodes tests/ssda903/fixtures/n1000/postcodes.csv --la E09000027

check: assets
	scripts/install-deps test
	@[ -f tests/web/node_modules/.package-lock.json ] && [ tests/web/node_modules/.package-lock.json -nt tests/web/package-lock.json ] || \
	  (cd tests/web && npm ci --no-audit --no-fund --ignore-scripts)
	@[ -d build-test ] || meson setup build-test --buildtype=debug \
	  -Db_sanitize=address,undefined -Db_lundef=false -Dtests=enabled
	ninja -C build-test
	meson test -C build-test --print-errorlogs --num-processes 2; \
	  rc=$$?; python3 scripts/test-summary build-test/meson-logs/testlog.json; exit $$rc

# The program, its service units and its documents (docs/operations.md,
# "Installing the service"). DESTDIR stages them for a package.
PREFIX ?= /usr/local
install: build
	meson install -C build --destdir "$(DESTDIR)"
	install -D -m 0644 packaging/oversight.service "$(DESTDIR)/etc/systemd/system/oversight.service"
	install -D -m 0644 packaging/oversight-backup.service "$(DESTDIR)/etc/systemd/system/oversight-backup.service"
	install -D -m 0644 packaging/oversight-backup.timer "$(DESTDIR)/etc/systemd/system/oversight-backup.timer"
	for u in oversight-mail.service oversight-mail.timer oversight-digest.service oversight-digest.timer; do \
	  install -D -m 0644 packaging/$$u "$(DESTDIR)/etc/systemd/system/$$u" || exit 1; done
	install -D -m 0644 packaging/oversight.sysusers "$(DESTDIR)/etc/sysusers.d/oversight.conf"
	install -D -m 0644 packaging/oversight.tmpfiles "$(DESTDIR)/etc/tmpfiles.d/oversight.conf"
	install -D -m 0644 packaging/nginx.conf "$(DESTDIR)$(PREFIX)/share/doc/oversight/nginx.conf"
	install -d "$(DESTDIR)$(PREFIX)/share/doc/oversight"
	install -m 0644 README.md docs/*.md "$(DESTDIR)$(PREFIX)/share/doc/oversight/"

# The parsers under libFuzzer, built by clang in build-fuzz/ (fuzz/README.md).
FUZZ_SECONDS ?= 60
fuzz: assets
	scripts/install-deps fuzz
	@[ -d build-fuzz ] || CC=clang meson setup build-fuzz -Dfuzz=enabled -Dtests=disabled
	scripts/fuzz $(FUZZ_SECONDS)

bench: build
	bench/deadlines

clean:
	rm -rf build build-test build-fuzz web/dist
