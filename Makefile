# VectorVue Telemetry — the commands of the README. `make help` lists them.
SHELL := /usr/bin/env bash
.DEFAULT_GOAL := help

APPHOST   := src/VectorVue.AppHost
MIGRATOR  := src/VectorVue.MigrationService
TOKENS    := tools/VectorVue.DevTokens
SEEDER    := tools/VectorVue.Seeder
DATASETS  := tools/VectorVue.Datasets

TENANT ?= a11ce000-0000-4000-8000-000000000001
HOURS  ?= 24
# USER is also the login name in every shell: only a USER given on the command line names the portal user.
ifeq ($(origin USER),command line)
TOKEN_USER := $(USER)
else
TOKEN_USER ?= demo
endif

.PHONY: help prerequisites run test bench token psql phase7e-migrate phase8-migrate seed-clients datasets dataset-csv bench-analytics redrive partitions manifest

help: ## list the commands
	@grep -hE '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

prerequisites: ## install what local mode needs (as root), or print the command
	@scripts/prerequisites.sh

run: prerequisites ## run the whole system under Aspire (dashboard: http://localhost:18888)
	dotnet run --project $(APPHOST) --launch-profile http

test: prerequisites ## build and run every test (starts the real AppHost)
	scripts/test.sh

bench: prerequisites ## measure the real system on this machine against a do-nothing server (BENCH_QUICK=1: a smoke run)
	dotnet build bench/VectorVue.Bench -c Release -nologo -v quiet
	dotnet bench/VectorVue.Bench/bin/Release/net10.0/VectorVue.Bench.dll

token: ## mint a development token: make token TENANT=<uuid> USER=<name> [HOURS=24, at most 24] [KID=<key id>]
	@dotnet run --project $(TOKENS) -- --tenant "$(TENANT)" --user "$(TOKEN_USER)" --hours "$(HOURS)" $(if $(KID),--kid "$(KID)")

psql: ## open psql on the configured database (the running local one by default)
	@source scripts/db-env.sh && exec psql

phase7e-migrate: ## apply phase 7E, the activity tables (tenants, users, client_activity_events), to the configured database
	@source scripts/db-env.sh && ConnectionStrings__vectorvue="$$VECTORVUE_DB" OTEL_EXPORTER_OTLP_ENDPOINT= \
	  dotnet run --project $(MIGRATOR) --no-launch-profile -- --VectorVue:Migration:Target=ActivityTables

phase8-migrate: ## apply phase 8, the analytics schema (and the activity tables before it), to the configured database
	@source scripts/db-env.sh && ConnectionStrings__vectorvue="$$VECTORVUE_DB" OTEL_EXPORTER_OTLP_ENDPOINT= \
	  dotnet run --project $(MIGRATOR) --no-launch-profile -- --VectorVue:Migration:Target=AnalyticsSchema

WINDOW ?=
END    ?=
datasets: ## build model feature sets (all active tenants; WINDOW=1h|24h|7d|30d, TENANT=, END=<ISO>; default all windows ending this hour)
	@source scripts/db-env.sh && ConnectionStrings__vectorvue="$$VECTORVUE_DB" \
	  dotnet run --project $(DATASETS) -- build \
	  $(if $(WINDOW),--window $(WINDOW)) $(if $(filter command line,$(origin TENANT)),--tenant $(TENANT)) $(if $(END),--end $(END))

OUT ?=
dataset-csv: ## export feature sets as CSV: make dataset-csv ID=<feature set> | WINDOW=24h [END=<ISO>] [OUT=file.csv]
	@source scripts/db-env.sh && ConnectionStrings__vectorvue="$$VECTORVUE_DB" \
	  dotnet run --project $(DATASETS) -- export \
	  $(if $(ID),--id $(ID)) $(if $(WINDOW),--window $(WINDOW)) $(if $(END),--end $(END)) $(if $(OUT),--output $(OUT))

# make seed-clients: EVENTS over all demo tenants, SEED of the generator, ANCHOR = end of the history
# (an ISO instant; empty means today's UTC midnight, so reruns on one day are identical).
EVENTS ?= 20000
SEED   ?= 42
ANCHOR ?=
seed-clients: ## demo tenants with 8 weeks of portal history: make seed-clients [EVENTS=20000] [SEED=42] [ANCHOR=<ISO instant>]
	@source scripts/db-env.sh && ConnectionStrings__vectorvue="$$VECTORVUE_DB" \
	  dotnet run --project $(SEEDER) -c Release -- --events "$(EVENTS)" --seed "$(SEED)" $(if $(ANCHOR),--anchor "$(ANCHOR)")

bench-analytics: ## latency of GET /analytics/summary over a seeded history: make bench-analytics [EVENTS=1000000] [REQUESTS=100]
	@scripts/bench-analytics.sh

WORKER_URL ?= http://localhost:5081
redrive: ## put every dead letter back on the events stream (once its cause is fixed)
	@WORKER_URL=$(WORKER_URL) scripts/redrive.sh

partitions: ## run the partition maintenance now: create the months ahead, drop those past the retention (docs/storage.md)
	@WORKER_URL=$(WORKER_URL) scripts/worker-admin.sh /admin/partitions/maintain

manifest: ## write the Aspire publish manifest (what azd deploys) to aspire-manifest.json
	dotnet run --project $(APPHOST) --launch-profile http -- --publisher manifest --output-path $(CURDIR)/aspire-manifest.json
