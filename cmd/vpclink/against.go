package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	vpcplan "github.com/vpclink/vpclink/plan"
)

// basePlan returns the plan document --against names: a plan JSON file written by
// `vpclink plan --json`, or a git ref, planned as the stack is at that commit.
func basePlan(ctx context.Context, against, projectDir, stack string) (*vpcplan.Document, error) {
	if st, err := os.Stat(against); err == nil && !st.IsDir() {
		f, err := os.Open(against)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		d, err := vpcplan.ReadDocument(f)
		if err != nil {
			return nil, fmt.Errorf("--against %s: %w", against, err)
		}
		if d.Stack != stack {
			return nil, fmt.Errorf("--against %s: a plan of stack %s, not %s", against, d.Stack, stack)
		}
		return d, nil
	}
	return gitBasePlan(ctx, against, projectDir, stack)
}

// gitBasePlan plans the stack as it is at the git ref: it checks the ref out in a temporary
// detached worktree and runs that checkout's own command (`go run ./cmd/vpclink plan --json`), so
// the base plan comes from the base's program, config and cost model. The worktree is removed
// afterwards.
func gitBasePlan(ctx context.Context, ref, projectDir, stack string) (*vpcplan.Document, error) {
	dir, err := projectRoot(projectDir)
	if err != nil {
		return nil, err
	}
	git := func(args ...string) (string, error) {
		cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		if err := cmd.Run(); err != nil {
			return "", fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(errOut.String()))
		}
		return strings.TrimSpace(out.String()), nil
	}
	if strings.HasPrefix(ref, "-") {
		return nil, fmt.Errorf("--against %q: neither a plan file nor a git ref", ref)
	}
	commit, err := git("rev-parse", "--verify", "--quiet", ref+"^{commit}")
	if err != nil {
		return nil, fmt.Errorf("--against %q: neither a plan file nor a git ref of the repository at %s", ref, dir)
	}
	top, err := git("rev-parse", "--show-toplevel")
	if err != nil {
		return nil, err
	}
	rel, err := filepath.Rel(top, dir)
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "vpclink-base-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	wt := filepath.Join(tmp, "base")
	if _, err := git("worktree", "add", "--detach", wt, commit); err != nil {
		return nil, err
	}
	defer git("worktree", "remove", "--force", wt)
	base := filepath.Join(wt, rel)
	cmd := exec.CommandContext(ctx, "go", "run", "./cmd/vpclink", "plan", "--stack", stack, "--json")
	cmd.Dir = base
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		// Exit 3 is a plan with mandatory findings: still a plan.
		if !errors.As(err, &ee) || ee.ExitCode() != exitFindings {
			return nil, fmt.Errorf("planning stack %s at %s (%s): %v: %s", stack, ref, commit[:12], err, strings.TrimSpace(errOut.String()))
		}
	}
	d, err := vpcplan.ReadDocument(&out)
	if err != nil {
		return nil, fmt.Errorf("the plan of stack %s at %s: %w", stack, ref, err)
	}
	return d, nil
}

// projectRoot is dir, or the nearest directory at or above the working directory that holds
// Pulumi.yaml.
func projectRoot(dir string) (string, error) {
	if dir != "" {
		return filepath.Abs(dir)
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "Pulumi.yaml")); err == nil {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no Pulumi.yaml at or above %s", wd)
		}
	}
}
