#!/usr/bin/env bash
# The project's one test command (CI's .ci/run calls it): prepares the machine
# (Docker + Compose v2, sshd, the Citus test images; fast when already done),
# runs every test, unit and integration, against the default image's twin
# (PostgreSQL 18), then the end-to-end tests against the older supported lines.
#
# Usage: bash test-env/run-all-tests.sh [extra mvn arguments]   (as root)
#
# Environment:
#   CITUS_DEPLOY_TEST_IMAGE  image of the full run (default citus-deploy-test:14.0.1-pg18,
#                            the twin of citusdata/citus:14.1.0)
#   CITUS_DEPLOY_MATRIX      images the end-to-end tests run against afterwards
#                            (default: citus-deploy-test:13.2.2-pg15 citus-deploy-test:14.0.1-pg17;
#                            empty: none)
#   CITUS_DEPLOY_E2E_TESTS   which integration tests are the end-to-end ones
#                            (default ApplyIT,LocalClusterIT: multi-server apply over SSH,
#                            single machine, add-worker with rebalance, down/apply, destroy)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
START=$SECONDS
bash test-env/setup.sh

FULL_IMAGE=${CITUS_DEPLOY_TEST_IMAGE:-citus-deploy-test:14.0.1-pg18}
MATRIX=${CITUS_DEPLOY_MATRIX-citus-deploy-test:13.2.2-pg15 citus-deploy-test:14.0.1-pg17}
E2E_TESTS=${CITUS_DEPLOY_E2E_TESTS:-ApplyIT,LocalClusterIT}
MVN=(mvn -B --no-transfer-progress)
SUMMARY=()

run() {
    local what=$1 image=$2 started=$SECONDS
    shift 2
    printf '\n[run-all-tests] %s against %s\n' "$what" "$image" >&2
    if ! CITUS_DEPLOY_TEST_IMAGE=$image "${MVN[@]}" "$@"; then
        printf '[run-all-tests] FAILED: %s against %s\n' "$what" "$image" >&2
        exit 1
    fi
    SUMMARY+=("$(printf '%-44s %-34s %4d s' "$what" "$image" $((SECONDS - started)))")
}

run "unit + all integration tests" "$FULL_IMAGE" verify "$@"
for image in $MATRIX; do
    run "end-to-end tests ($E2E_TESTS)" "$image" verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
        -Dit.test="$E2E_TESTS" "$@"
done

printf '\n[run-all-tests] all passed in %d s:\n' $((SECONDS - START)) >&2
printf '  %s\n' "${SUMMARY[@]}" >&2
