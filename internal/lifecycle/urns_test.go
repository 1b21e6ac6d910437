package lifecycle

import (
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpclink/vpclink/internal/plantest"
	"github.com/vpclink/vpclink/stacks"
)

var updateGolden = flag.Bool("update", false, "rewrite the URN golden files in testdata/urns")

// TestURNs holds the URNs of every stack configuration to golden files. A URN is a resource's
// identity in the state: when it changes, Pulumi deletes the live resource and creates a new one.
func TestURNs(t *testing.T) {
	for _, c := range lifecycleConfigs {
		t.Run(c.name, func(t *testing.T) {
			p, err := plantest.TryPlan(c.stack, c.base...)
			if err != nil {
				t.Fatal(err)
			}
			nodes, err := nodesOf(p.Plan)
			if err != nil {
				t.Fatal(err)
			}
			got := slices.Sorted(maps.Keys(nodes))
			path := filepath.Join("testdata", "urns", c.name+".txt")
			if *updateGolden {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				header := fmt.Sprintf("# URNs of the %s stack (%s) as the engine manages them, without the stack and its providers.\n"+
					"# Regenerate: go test ./internal/lifecycle/ -run TestURNs -update\n", c.name, strings.Join(append([]string{c.stack}, c.base...), " "))
				if err := os.WriteFile(path, []byte(header+strings.Join(got, "\n")+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (create it with -update)", err)
			}
			var want []string
			for _, l := range strings.Split(string(b), "\n") {
				if l != "" && !strings.HasPrefix(l, "#") {
					want = append(want, l)
				}
			}
			if msg := urnChanges(want, got); msg != "" {
				t.Errorf("the URNs of the %s stack changed:\n%s", c.name, msg)
			}
		})
	}
}

// urnChanges explains what changed between two URN lists, with the alias that keeps each renamed
// resource.
func urnChanges(want, got []string) string {
	var removed, added []string
	for _, w := range want {
		if !slices.Contains(got, w) {
			removed = append(removed, w)
		}
	}
	for _, g := range got {
		if !slices.Contains(want, g) {
			added = append(added, g)
		}
	}
	if len(removed)+len(added) == 0 {
		return ""
	}
	var b strings.Builder
	for _, r := range removed {
		old := resource.URN(r)
		fmt.Fprintf(&b, "  gone: %s\n", r)
		// The likeliest rename keeps the type and parent and the longest part of the name.
		best, bestLen := "", -1
		for _, a := range added {
			nu := resource.URN(a)
			switch {
			case nu.Type() == old.Type() && nu.Name() == old.Name():
				fmt.Fprintf(&b, "    moved to %s? add pulumi.Aliases([]pulumi.Alias{{URN: pulumi.URN(%q)}}) to it\n", nu.QualifiedType(), r)
			case nu.QualifiedType() == old.QualifiedType():
				if n := commonPrefix(nu.Name(), old.Name()); n > bestLen {
					best, bestLen = nu.Name(), n
				}
			}
		}
		if best != "" {
			fmt.Fprintf(&b, "    renamed to %s? add pulumi.Aliases([]pulumi.Alias{{Name: pulumi.String(%q)}}) to %q\n", best, old.Name(), best)
		}
	}
	for _, a := range added {
		fmt.Fprintf(&b, "  new:  %s\n", a)
	}
	b.WriteString("A changed URN makes Pulumi delete the live resource and create another: for a rename, a new type or a new parent, " +
		"add pulumi.Aliases with the old name, type or parent to the resource so it is kept. " +
		"If resources were really added or removed, regenerate: go test ./internal/lifecycle/ -run TestURNs -update")
	return b.String()
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// TestAlias proves the advice of TestURNs: renaming a resource replaces it, renaming it with an
// alias of the old name keeps it. It runs a small program of its own on the engine.
func TestAlias(t *testing.T) {
	t.Parallel()
	start := time.Now()
	defer func() { t.Logf("alias: %s", time.Since(start).Round(time.Millisecond)) }()
	h := newHarness(t, "dev")
	program := func(name string, aliases ...pulumi.Alias) func(*stacks.Options) {
		return func(o *stacks.Options) {
			o.Program = func(ctx *pulumi.Context) error {
				_, err := cloudwatch.NewLogGroup(ctx, name, &cloudwatch.LogGroupArgs{
					RetentionInDays: pulumi.Int(7),
					// A secret input must compare equal to itself across runs.
					Tags: pulumi.StringMap{"purpose": pulumi.String("alias test"), "owner": pulumi.ToSecret(pulumi.String("team-a")).(pulumi.StringOutput)},
				}, pulumi.Aliases(aliases))
				return err
			}
		}
	}
	const oldName, newName = "app-logs", "application-logs"
	urn := func(name string) string {
		return "urn:pulumi:dev::vpclink::aws:cloudwatch/logGroup:LogGroup::" + name
	}
	first := h.openWith(program(oldName))
	first.up()
	checkNoChanges(t, first, "second preview of the alias program")
	before := h.srv.Live()
	if len(before) != 1 {
		t.Fatalf("the test program created %d resources, want 1", len(before))
	}

	// Without an alias, the rename deletes the log group and creates another.
	_, st := h.openWith(program(newName)).preview()
	if got := st.changes(); got[urn(oldName)] != remove || got[urn(newName)] != create {
		t.Errorf("renaming without an alias: want delete %s and create %s, got %v", oldName, newName, notSame(got))
	}

	// With the old name as an alias, nothing changes, and the state follows the new name.
	s := h.openWith(program(newName, pulumi.Alias{Name: pulumi.String(oldName)}))
	res, st := s.preview()
	if ns := notSame(st.changes()); len(ns) > 0 {
		t.Errorf("renaming with an alias must change nothing, got %v (%v)", ns, res.ChangeSummary)
	}
	_, ops := s.up()
	for _, op := range ops {
		if op.Kind == "Create" || op.Kind == "Delete" || op.Kind == "Update" {
			t.Errorf("renaming with an alias: %s %s", op.Kind, short(op.URN))
		}
	}
	after := h.srv.Live()
	if len(after) != 1 || after[0].ID != before[0].ID {
		t.Errorf("the log group must be the same one: before %v, after %v", before, after)
	}
	var urns []string
	for _, r := range s.state() {
		urns = append(urns, string(r.URN))
	}
	if !slices.Contains(urns, urn(newName)) || slices.Contains(urns, urn(oldName)) {
		t.Errorf("the state must hold the log group under its new name: %v", urns)
	}
}
