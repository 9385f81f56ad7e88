#!/usr/bin/env bash
# compose.yaml: run once by the postgres image when it creates the primary's cluster, so the
# replica container may connect for replication with the same password.
set -euo pipefail
echo "host replication halte all scram-sha-256" >> "$PGDATA/pg_hba.conf"
