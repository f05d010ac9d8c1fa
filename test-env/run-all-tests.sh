#!/usr/bin/env bash
# The project's one test command (CI's .ci/run calls it): prepares the machine
# (Docker + Compose v2, sshd, the local test image; fast when already done),
# then runs every test, unit and integration, with Maven.
#
# Usage: bash test-env/run-all-tests.sh [extra mvn arguments]   (as root)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash test-env/setup.sh
exec mvn -B --no-transfer-progress verify "$@"
