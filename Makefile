# Two commands set up a fresh machine: `make run` and `make test` (see README.md).
MVN ?= mvn -B -ntp
JAR := service/target/neurojepa.jar

.PHONY: setup build run test bench clean

setup:
	@bash scripts/setup.sh

build: setup
	$(MVN) -DskipTests install

run: build
	./neurojepa serve

test: setup
	$(MVN) install

# Benchmarks are JUnit tests tagged "bench"; each appends its figures under target/bench/.
bench: build
	@rm -rf target/bench && mkdir -p target/bench
	$(MVN) -Dsurefire.groups=bench -Dsurefire.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false test
	@cat target/bench/*.txt > target/bench.txt 2>/dev/null || true
	@echo "==== benchmark figures (target/bench.txt) ===="
	@cat target/bench.txt

clean:
	$(MVN) -q clean
	rm -rf target
