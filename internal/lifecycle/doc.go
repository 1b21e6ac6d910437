// Package lifecycle holds vpclink's engine-level tests: the real Pulumi CLI runs vpclink's program
// through stacks.Open (the code path users run) against the fake aws and awsx providers of
// internal/fakeaws, and the tests check what the engine does on up, preview, update, replacement
// and destroy, and that resource URNs stay stable.
//
// The tests need the Pulumi CLI: $VPCLINK_PULUMI_ROOT/bin/pulumi (scripts/install-pulumi.sh) or
// pulumi on PATH. Without it they skip, except when $CI is "true", where they fail.
//
// Regenerate the URN golden files with `go test ./internal/lifecycle/ -run TestURNs -update`.
package lifecycle
