# The two commands. Each installs what it needs first (scripts/bootstrap.sh is idempotent and fast when nothing changed).
SHELL := /bin/bash
SCALE ?= 0.1

.PHONY: demo test bootstrap warehouse-demo bench lint clean

demo: bootstrap
	SCALE=$(SCALE) scripts/demo.sh

test: bootstrap
	scripts/test.sh

bootstrap:
	scripts/bootstrap.sh

warehouse-demo: bootstrap
	scripts/warehouse.sh demo $(SCALE)

bench: bootstrap
	scripts/bench.sh

lint:
	npx biome check .

clean:
	rm -rf data .miq dbt/target dbt/logs
