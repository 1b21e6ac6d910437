// Package testenv finds what the engine-level tests need: the Pulumi CLI and a private copy of the
// project files. It is test support, not product, and imports nothing of vpclink so that every test
// package, stacks' own included, can use it.
package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// ProjectFiles are the files a stack needs from the repository root.
var ProjectFiles = []string{"Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.prod.yaml"}

// RepoRoot is the repository root, which holds Pulumi.yaml and the stack files.
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// PulumiRoot returns the directory holding bin/pulumi: $VPCLINK_PULUMI_ROOT (what
// scripts/install-pulumi.sh prints), else the pulumi on PATH. Without a CLI the test is skipped
// with a message saying how to get one, except in CI (CI=true), where .ci/run installs the CLI and
// a skip would hide a failure: there the test fails.
func PulumiRoot(t testing.TB) string {
	t.Helper()
	why := "VPCLINK_PULUMI_ROOT is not set and there is no pulumi on PATH"
	if root := os.Getenv("VPCLINK_PULUMI_ROOT"); root != "" {
		if _, err := os.Stat(filepath.Join(root, "bin", "pulumi")); err == nil {
			return root
		}
		why = "VPCLINK_PULUMI_ROOT=" + root + " has no bin/pulumi"
	} else if p, err := exec.LookPath("pulumi"); err == nil {
		return filepath.Dir(filepath.Dir(p))
	}
	msg := "this test needs the Pulumi CLI (" + why + "): build it with scripts/install-pulumi.sh and set VPCLINK_PULUMI_ROOT to the directory it prints"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// CopyProject copies the project files into a new temporary directory and returns it. Tests run
// stacks there, never in the repository: the CLI writes an encryption salt into a stack file on
// first use.
func CopyProject(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range ProjectFiles {
		b, err := os.ReadFile(filepath.Join(RepoRoot(), f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
