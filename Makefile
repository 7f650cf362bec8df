# chatd — build, run, test and install.
# `make run` and `make test` work on a fresh Debian 12 machine that has only
# the Swift toolchain: the `deps` step installs what is missing.

PREFIX     ?= /usr/local
DESTDIR    ?=
SYSCONFDIR ?= /etc
SWIFT      ?= swift
# `make install BUILD_CONFIG=debug` installs a debug build (the systemd tests do).
BUILD_CONFIG ?= release
BINDIR      = $(PREFIX)/bin
UNITDIR     = $(PREFIX)/lib/systemd/system
SYSUSERSDIR = $(PREFIX)/lib/sysusers.d
CATALOGDIR  = $(PREFIX)/lib/systemd/catalog
MANDIR      = $(PREFIX)/share/man

# Debian packages the build and the tests need beyond the Swift toolchain.
APT_PACKAGES = libsystemd-dev pkg-config mandoc systemd systemd-container tmux procps iproute2 openssl testssl.sh python3 chromium chromium-driver python3-selenium postgresql

.PHONY: FORCE all deps build release run test test-unit test-lint test-systemd test-soak test-fuzz test-asan test-tsan test-tls-scan test-web fuzz fuzz-build soak bench bench-cluster bench-floor bench-restart install clean

# make soak: seconds of abuse against the release chatd; make test runs a one-minute soak of the debug build.
SOAK_SECONDS ?= 600

all: build

deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

run: build
	$$($(SWIFT) build --show-bin-path)/chatd --listen 127.0.0.1:55555

test: deps
	$(SWIFT) build --build-tests
	$(MAKE) test-unit test-lint test-systemd test-tls-scan test-web test-soak test-fuzz test-asan

test-unit:
	$(SWIFT) test --skip-build

test-lint:
	Tests/lint/check-docs-and-units.sh

test-systemd:
	Tests/container/run-systemd-tests.sh

# The chat page in headless Chromium (Debian's chromium, chromium-driver and
# python3-selenium); screenshots in .build/web-tests.
test-web:
	/usr/bin/python3 Tests/web/browser_test.py $$($(SWIFT) build --show-bin-path) $(CURDIR)/.build/web-tests

test-tls-scan:
	Tests/tls/testssl-scan.sh $$($(SWIFT) build --show-bin-path)/chatd

# The whole suite against AddressSanitizer, then ThreadSanitizer, builds of
# every binary. Each sanitizer writes its reports, from the test process and
# from every chatd, chat or chatctl it starts, into one folder: any report
# fails the run, even one from a process whose test did not notice.
# Leak checking is off: chatd does not free its state at exit (see
# docs/security.md). TSan is told of one false positive of the Swift runtime
# (Tests/tsan-suppressions says which and why). CI runs test-tsan beside
# `make test` (.ci/run).
SANITIZER_REPORTS = $(CURDIR)/.build/sanitizer-reports

test-asan:
	$(SWIFT) build --build-tests --sanitize=address --scratch-path .build-asan
	rm -rf $(SANITIZER_REPORTS)/address && mkdir -p $(SANITIZER_REPORTS)/address
	CHATD_SANITIZER=address ASAN_OPTIONS=detect_leaks=0:log_path=$(SANITIZER_REPORTS)/address/report \
	  $(SWIFT) test --skip-build --sanitize=address --scratch-path .build-asan
	Tests/sanitizer-reports.sh $(SANITIZER_REPORTS)/address

test-tsan:
	$(SWIFT) build --build-tests --sanitize=thread --scratch-path .build-tsan
	rm -rf $(SANITIZER_REPORTS)/thread && mkdir -p $(SANITIZER_REPORTS)/thread
	CHATD_SANITIZER=thread TSAN_OPTIONS=log_path=$(SANITIZER_REPORTS)/thread/report:suppressions=$(CURDIR)/Tests/tsan-suppressions \
	  $(SWIFT) test --skip-build --sanitize=thread --scratch-path .build-tsan
	Tests/sanitizer-reports.sh $(SANITIZER_REPORTS)/thread

# libFuzzer (swiftc -sanitize=fuzzer,address), each target built with swiftc
# alone from the sources it tests: text (ChatProtocol), client (ChatClient),
# admin (AdminProtocol), config and room (ChatCore), framer (ChatServer's
# LineFramer), cluster (ChatServer's cluster events and NOTIFY payloads). The framer needs NIOCore, which Tests/fuzz/build-niocore.sh
# builds from SwiftPM's checkouts into $(FUZZ_DIR)/nio once (again when a
# checkout moves); unoptimised and without coverage, since only chatd's code
# is under test: a minute to build instead of four. The targets build two at
# a time. `make fuzz` grows Tests/fuzz/corpus; `make test` runs each target
# for 5 s from that corpus without changing it.
FUZZ_SECONDS ?= 60
FUZZ_DIR = .build/fuzz
FUZZ_FLAGS = -O -parse-as-library -sanitize=fuzzer,address -use-ld=lld
FUZZ_DEPENDENCY_FLAGS = -Onone -j2 -sanitize=address
FUZZ_TARGETS = text client admin config room framer cluster
# Crashes are reported by libFuzzer and ASan; Swift's backtracer would only get in their way.
FUZZ_RUN = SWIFT_BACKTRACE=enable=no
PROTOCOL_SOURCES = $(wildcard Sources/ChatProtocol/*.swift)
LINK_PROTOCOL = -I $(FUZZ_DIR) -L $(FUZZ_DIR) -lChatProtocol
ADMIN_SOURCES = $(wildcard Sources/AdminProtocol/*.swift)

fuzz-build:
	mkdir -p $(addprefix $(FUZZ_DIR)/new/,$(FUZZ_TARGETS))
	test -d .build/checkouts/swift-nio || $(SWIFT) package resolve
	$(MAKE) -j2 $(addprefix $(FUZZ_DIR)/,$(FUZZ_TARGETS))

$(FUZZ_DIR)/libChatProtocol.a: $(PROTOCOL_SOURCES)
	swiftc $(FUZZ_FLAGS) -emit-library -static -emit-module -module-name ChatProtocol \
	  -emit-module-path $(FUZZ_DIR)/ChatProtocol.swiftmodule $(PROTOCOL_SOURCES) -o $@

$(FUZZ_DIR)/text: $(PROTOCOL_SOURCES) Tests/fuzz/TextTarget.swift
	swiftc $(FUZZ_FLAGS) -module-name ChatProtocol $^ -o $@

$(FUZZ_DIR)/client: $(FUZZ_DIR)/libChatProtocol.a $(wildcard Sources/ChatClient/*.swift) Tests/fuzz/ClientTarget.swift
	swiftc $(FUZZ_FLAGS) -module-name ChatClient $(LINK_PROTOCOL) $(filter %.swift,$^) -o $@

$(FUZZ_DIR)/admin: $(ADMIN_SOURCES) Tests/fuzz/AdminTarget.swift
	swiftc $(FUZZ_FLAGS) -module-name AdminProtocol $^ -o $@

$(FUZZ_DIR)/libAdminProtocol.a: $(ADMIN_SOURCES)
	swiftc $(FUZZ_FLAGS) -emit-library -static -emit-module -module-name AdminProtocol \
	  -emit-module-path $(FUZZ_DIR)/AdminProtocol.swiftmodule $(ADMIN_SOURCES) -o $@

$(FUZZ_DIR)/cluster: $(FUZZ_DIR)/libAdminProtocol.a Sources/ChatServer/Cluster/ClusterEvent.swift Sources/ChatServer/Cluster/NotifyPayloads.swift Tests/fuzz/ClusterTarget.swift
	swiftc $(FUZZ_FLAGS) -module-name ChatServer -I $(FUZZ_DIR) -L $(FUZZ_DIR) -lAdminProtocol $(filter %.swift,$^) -o $@

$(FUZZ_DIR)/config: $(FUZZ_DIR)/libChatProtocol.a $(wildcard Sources/ChatCore/*.swift) Tests/fuzz/ConfigTarget.swift
	swiftc $(FUZZ_FLAGS) -module-name ChatCore $(LINK_PROTOCOL) $(filter %.swift,$^) -o $@

$(FUZZ_DIR)/room: $(FUZZ_DIR)/libChatProtocol.a $(wildcard Sources/ChatCore/*.swift) Tests/fuzz/RoomTarget.swift
	swiftc $(FUZZ_FLAGS) -module-name ChatCore $(LINK_PROTOCOL) $(filter %.swift,$^) -o $@

# The NIOCore build checks its own stamp, so asking every time costs nothing.
$(FUZZ_DIR)/framer: Sources/ChatServer/Connection/LineFramer.swift Tests/fuzz/FramerTarget.swift FORCE
	Tests/fuzz/build-niocore.sh .build/checkouts $(FUZZ_DIR)/nio $(FUZZ_DEPENDENCY_FLAGS)
	swiftc $(FUZZ_FLAGS) -module-name ChatServer -I $(FUZZ_DIR)/nio -L $(FUZZ_DIR)/nio $$(cat $(FUZZ_DIR)/nio/link-flags) \
	  $(filter %.swift,$^) -o $@

FORCE:

fuzz: fuzz-build
	$(FUZZ_RUN) $(FUZZ_DIR)/text -max_total_time=$(FUZZ_SECONDS) -max_len=512 -artifact_prefix=$(FUZZ_DIR)/ Tests/fuzz/corpus/text
	$(FUZZ_RUN) $(FUZZ_DIR)/client -max_total_time=$(FUZZ_SECONDS) -max_len=2048 -artifact_prefix=$(FUZZ_DIR)/ Tests/fuzz/corpus/client
	$(FUZZ_RUN) $(FUZZ_DIR)/admin -max_total_time=$(FUZZ_SECONDS) -max_len=512 -artifact_prefix=$(FUZZ_DIR)/ Tests/fuzz/corpus/admin
	$(FUZZ_RUN) $(FUZZ_DIR)/config -max_total_time=$(FUZZ_SECONDS) -max_len=512 -artifact_prefix=$(FUZZ_DIR)/ Tests/fuzz/corpus/config
	$(FUZZ_RUN) $(FUZZ_DIR)/room -max_total_time=$(FUZZ_SECONDS) -max_len=256 -artifact_prefix=$(FUZZ_DIR)/ Tests/fuzz/corpus/room
	$(FUZZ_RUN) $(FUZZ_DIR)/framer -max_total_time=$(FUZZ_SECONDS) -max_len=256 -artifact_prefix=$(FUZZ_DIR)/ Tests/fuzz/corpus/framer
	$(FUZZ_RUN) $(FUZZ_DIR)/cluster -max_total_time=$(FUZZ_SECONDS) -max_len=512 -artifact_prefix=$(FUZZ_DIR)/ Tests/fuzz/corpus/cluster

test-fuzz: fuzz-build
	$(FUZZ_RUN) $(FUZZ_DIR)/text -max_total_time=5 -max_len=512 -artifact_prefix=$(FUZZ_DIR)/ $(FUZZ_DIR)/new/text Tests/fuzz/corpus/text
	$(FUZZ_RUN) $(FUZZ_DIR)/client -max_total_time=5 -max_len=2048 -artifact_prefix=$(FUZZ_DIR)/ $(FUZZ_DIR)/new/client Tests/fuzz/corpus/client
	$(FUZZ_RUN) $(FUZZ_DIR)/admin -max_total_time=5 -max_len=512 -artifact_prefix=$(FUZZ_DIR)/ $(FUZZ_DIR)/new/admin Tests/fuzz/corpus/admin
	$(FUZZ_RUN) $(FUZZ_DIR)/config -max_total_time=5 -max_len=512 -artifact_prefix=$(FUZZ_DIR)/ $(FUZZ_DIR)/new/config Tests/fuzz/corpus/config
	$(FUZZ_RUN) $(FUZZ_DIR)/room -max_total_time=5 -max_len=256 -artifact_prefix=$(FUZZ_DIR)/ $(FUZZ_DIR)/new/room Tests/fuzz/corpus/room
	$(FUZZ_RUN) $(FUZZ_DIR)/framer -max_total_time=5 -max_len=256 -artifact_prefix=$(FUZZ_DIR)/ $(FUZZ_DIR)/new/framer Tests/fuzz/corpus/framer
	$(FUZZ_RUN) $(FUZZ_DIR)/cluster -max_total_time=5 -max_len=512 -artifact_prefix=$(FUZZ_DIR)/ $(FUZZ_DIR)/new/cluster Tests/fuzz/corpus/cluster

test-soak:
	timeout 300 python3 -u Tests/soak/soak.py --chatd $$($(SWIFT) build --show-bin-path)/chatd --seconds 60

soak: release
	python3 -u Tests/soak/soak.py --chatd $$($(SWIFT) build -c release --show-bin-path)/chatd --seconds $(SOAK_SECONDS)

# chat-bench starts the release chatd next to it; BENCH_FLAGS e.g. --seconds 5, --json.
bench: release
	$$($(SWIFT) build -c release --show-bin-path)/chat-bench all $(BENCH_FLAGS)

# Issue 14's cluster figures: the release chatd as three nodes through a
# scratch PostgreSQL (Tests/cluster/scratch-postgres.sh, in
# .build/bench-cluster/pg, stopped however the run ends), then one chatd
# under the same load. BENCH_FLAGS as for bench.
BENCH_CLUSTER_PG = $(CURDIR)/.build/bench-cluster/pg

bench-cluster: release
	rm -rf $(BENCH_CLUSTER_PG)
	trap 'Tests/cluster/scratch-postgres.sh stop $(BENCH_CLUSTER_PG)' EXIT; trap 'exit 130' INT TERM; \
	conninfo=$$(Tests/cluster/scratch-postgres.sh start $(BENCH_CLUSTER_PG)) && \
	$$($(SWIFT) build -c release --show-bin-path)/chat-bench cluster --cluster "$$conninfo" $(BENCH_FLAGS)

# Issue 9's floor: chat-bench dm and fanout against the release chatd and,
# alternately in the same session, against Tests/bench/epoll-relay.c, the
# least a server can do on this machine to relay the same messages.
FLOOR_RUNS ?= 3

bench-floor: release
	cc -O2 -Wall -o .build/epoll-relay Tests/bench/epoll-relay.c
	bin=$$($(SWIFT) build -c release --show-bin-path); \
	for run in $$(seq $(FLOOR_RUNS)); do for server in $$bin/chatd $(CURDIR)/.build/epoll-relay; do \
	  echo "== run $$run: $$server"; \
	  $$bin/chat-bench dm --clients 200 --rate 2000 --seconds 8 --json --chatd $$server $(BENCH_FLAGS) || exit 1; \
	  $$bin/chat-bench fanout --clients 1000 --senders 5 --in-flight 4 --seconds 8 --json --chatd $$server $(BENCH_FLAGS) || exit 1; \
	done; done

# The pause users notice across `systemctl restart chatd`, with the release
# build under a real systemd in a container (Tests/container/restart_pause.py).
bench-restart: deps
	CHATD_TEST_UNIT=chatd-restart-bench.service CHATD_TEST_OUTPUT=bench.log CHATD_BUILD_CONFIG=release \
	  CHATD_TEST_LOGDIR=$(CURDIR)/.build/restart-bench CHATD_TEST_TIMEOUT=900 Tests/container/run-systemd-tests.sh

install: deps
	$(SWIFT) build -c $(BUILD_CONFIG)
	bin=$$($(SWIFT) build -c $(BUILD_CONFIG) --show-bin-path); \
	install -d $(DESTDIR)$(BINDIR) && \
	install -m 0755 $$bin/chatd $$bin/chatctl $$bin/chat $(DESTDIR)$(BINDIR)/
	install -d $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSUSERSDIR) $(DESTDIR)$(CATALOGDIR)
	for unit in chatd.service chatd.socket chatd-admin.socket chatd-tls.socket chatd-web.socket; do \
	  sed 's|/usr/local/bin/|$(BINDIR)/|g' packaging/systemd/$$unit > $(DESTDIR)$(UNITDIR)/$$unit && \
	  chmod 0644 $(DESTDIR)$(UNITDIR)/$$unit; \
	done
	install -m 0644 packaging/sysusers.d/chatd.conf $(DESTDIR)$(SYSUSERSDIR)/chatd.conf
	install -m 0644 packaging/catalog/chatd.catalog $(DESTDIR)$(CATALOGDIR)/chatd.catalog
	install -d $(DESTDIR)$(SYSCONFDIR)/chatd
	install -m 0644 etc/chatd/chatd.conf $(DESTDIR)$(SYSCONFDIR)/chatd/chatd.conf
	for page in man/*.[1-8]; do \
	  section=$${page##*.}; \
	  install -d $(DESTDIR)$(MANDIR)/man$$section && \
	  install -m 0644 $$page $(DESTDIR)$(MANDIR)/man$$section/ || exit 1; \
	done

clean:
	rm -rf .build .build-asan .build-tsan
