// Package plan is vpclink's offline plan: it runs a stack's program on the offline cloud (Run,
// Options) and reports what it would create (Plan, Resource, Output, Document), its data path
// (Diagram), its monthly cost (EstimateCost, Prices) and its policy findings, without credentials
// or an engine.
//
// It also compares two plans of a stack (`vpclink plan --against`, Compare): the resources
// added, removed and changed, the replacements AWS will make (predicted from awsspec's replace
// table, cascaded through the inputs that reference a replaced resource), the monthly cost, the
// policy findings and the stack outputs. Both sides are plan documents as `vpclink plan --json`
// writes them, so a base plan can come from a file written earlier or from another checkout of the
// project.
package plan

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/vpclink/vpclink/awsspec"
)

// ReadDocument decodes a plan document written by `vpclink plan --json`.
func ReadDocument(r io.Reader) (*Document, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, fmt.Errorf("reading a plan document (vpclink plan --json): %w", err)
	}
	var d Document
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, fmt.Errorf("reading a plan document (vpclink plan --json): %w", err)
	}
	if d.Stack == "" || d.Resources == nil {
		return nil, fmt.Errorf("not a plan document (vpclink plan --json): no stack or no resources")
	}
	return &d, nil
}

// readAll reads r to the end into one buffer, sized up front when the file or reader says its size:
// a plan document of prod with 20 services is 0.8 MB, which json.Decoder reads in growing chunks.
func readAll(r io.Reader) ([]byte, error) {
	size := 0
	switch v := r.(type) {
	case interface{ Len() int }: // bytes.Buffer, bytes.Reader, strings.Reader
		size = v.Len()
	case interface{ Stat() (fs.FileInfo, error) }: // *os.File
		if st, err := v.Stat(); err == nil && st.Mode().IsRegular() {
			size = int(st.Size())
		}
	}
	var b bytes.Buffer
	b.Grow(size + bytes.MinRead)
	_, err := b.ReadFrom(r)
	return b.Bytes(), err
}

// Diff is how a stack's head plan differs from its base plan.
type Diff struct {
	Project string `json:"project"`
	Stack   string `json:"stack"`
	// Base and Head label the two sides (a file, a git ref, "working tree").
	Base string `json:"base"`
	Head string `json:"head"`
	// Added and Removed resources, by URN.
	Added   []ResourceChange `json:"added"`
	Removed []ResourceChange `json:"removed"`
	// Changed resources present in both, with the input keys that differ (replacements included).
	Changed []ResourceChange `json:"changed"`
	// Replaced are the resources AWS replaces: directly (a replace-only input changes) or through
	// a replaced resource whose id or ARN a replace-only input of theirs takes.
	Replaced []Replacement `json:"replaced"`
	// Reasons explain each root replacement and what it cascades to, in words.
	Reasons  []string          `json:"reasons"`
	Cost     CostDiff          `json:"cost"`
	New      []FindingDocument `json:"newFindings"`
	Resolved []FindingDocument `json:"resolvedFindings"`
	Outputs  []OutputChange    `json:"outputs"`
}

// ResourceChange is a resource added, removed or changed.
type ResourceChange struct {
	URN  string `json:"urn"`
	Type string `json:"type"`
	Name string `json:"name"`
	// Keys are the input keys that differ (changed resources only).
	Keys []string `json:"keys,omitempty"`
	// Protected resources cannot be deleted: a removal fails.
	Protected bool `json:"protected,omitempty"`
}

// Replacement is a resource AWS will replace.
type Replacement struct {
	URN  string `json:"urn"`
	Type string `json:"type"`
	Name string `json:"name"`
	// Keys are the replace-only inputs that change or become unknown.
	Keys []string `json:"keys"`
	// Cause is the URN of the replaced resource whose new id or ARN forces this one; empty when
	// the resource's own inputs force it.
	Cause string `json:"cause,omitempty"`
	// Root is the direct replacement this one cascades from (itself when direct).
	Root string `json:"root"`
	// Protected replacements fail: Pulumi refuses to delete a protected resource.
	Protected bool `json:"protected"`
}

// CostDiff is the monthly fixed cost before and after, by line.
type CostDiff struct {
	Currency string         `json:"currency"`
	Before   float64        `json:"before"`
	After    float64        `json:"after"`
	Delta    float64        `json:"delta"`
	Lines    []CostLineDiff `json:"lines"`
}

// CostLineDiff is one cost line before and after.
type CostLineDiff struct {
	Item   string  `json:"item"`
	Before float64 `json:"before"`
	After  float64 `json:"after"`
	Delta  float64 `json:"delta"`
}

// OutputChange is a stack output whose value changes (client URLs may change).
type OutputChange struct {
	Key    string `json:"key"`
	Before any    `json:"before"`
	After  any    `json:"after"`
}

// NewMandatory counts the new mandatory findings: `vpclink plan --against` exits 3 when any.
func (d *Diff) NewMandatory() int {
	n := 0
	for _, f := range d.New {
		if f.Severity == "mandatory" {
			n++
		}
	}
	return n
}

// ProtectedReplacements counts the replacements that will fail because the resource is protected.
func (d *Diff) ProtectedReplacements() int {
	n := 0
	for _, r := range d.Replaced {
		if r.Protected {
			n++
		}
	}
	for _, r := range d.Removed {
		if r.Protected {
			n++
		}
	}
	return n
}

// Compare computes how head differs from base. base and head label the two sides.
func Compare(base, head *Document, baseLabel, headLabel string) *Diff {
	d := &Diff{Project: head.Project, Stack: head.Stack, Base: baseLabel, Head: headLabel,
		Added: []ResourceChange{}, Removed: []ResourceChange{}, Changed: []ResourceChange{}, Replaced: []Replacement{},
		Reasons: []string{}, New: []FindingDocument{}, Resolved: []FindingDocument{}, Outputs: []OutputChange{}}
	olds := index(base.Resources)
	news := index(head.Resources)
	for _, r := range head.Resources {
		if _, ok := olds[r.URN]; !ok {
			d.Added = append(d.Added, ResourceChange{URN: r.URN, Type: r.Type, Name: r.Name})
		}
	}
	for _, r := range base.Resources {
		if _, ok := news[r.URN]; !ok {
			d.Removed = append(d.Removed, ResourceChange{URN: r.URN, Type: r.Type, Name: r.Name, Protected: r.Protect})
		}
	}

	// Direct changes and replacements, from the inputs of each side.
	inputs := map[string][2]resource.PropertyMap{}
	replaced := map[string]*Replacement{}
	var order []string
	for _, r := range head.Resources {
		o, ok := olds[r.URN]
		if !ok || !diffed(r) {
			continue
		}
		in := [2]resource.PropertyMap{resource.NewPropertyMapFromMap(o.Inputs), resource.NewPropertyMapFromMap(r.Inputs)}
		inputs[r.URN] = in
		res := awsspec.Diff(r.Type, in[0], in[1])
		if !res.HasChanges() {
			continue
		}
		d.Changed = append(d.Changed, ResourceChange{URN: r.URN, Type: r.Type, Name: r.Name, Keys: res.Changed, Protected: r.Protect || o.Protect})
		if res.Replace() {
			replaced[r.URN] = &Replacement{URN: r.URN, Type: r.Type, Name: r.Name, Keys: res.ReplaceKeys, Root: r.URN, Protected: r.Protect || o.Protect}
			order = append(order, r.URN)
		}
	}

	// Cascade: a replaced resource gets a new id and ARN, unknown until it is created; an input
	// of a dependent that takes it and that AWS cannot update replaces the dependent too.
	dependents := map[string][]string{} // URN -> URNs of resources with an input from it
	for _, r := range head.Resources {
		for _, urns := range r.PropertyDependencies {
			for _, u := range urns {
				dependents[u] = append(dependents[u], r.URN)
			}
		}
	}
	for i := 0; i < len(order); i++ {
		cause := order[i]
		for _, urn := range slices.Compact(slices.Sorted(slices.Values(dependents[cause]))) {
			if replaced[urn] != nil {
				continue
			}
			r, in := news[urn], inputs[urn]
			if in[1] == nil {
				continue // added, or a component
			}
			// A new subnet layout of the awsx VPC keeps the VPC: only its subnet ids change.
			keepsVpc := replaced[cause].Type == "awsx:ec2:Vpc" && !slices.Contains(replaced[cause].Keys, "cidrBlock")
			from := func(k string) bool {
				return slices.Contains(r.PropertyDependencies[k], cause) && !(keepsVpc && (k == "vpcId" || k == "vpc"))
			}
			unknown := in[1].Copy()
			for k := range r.PropertyDependencies {
				if from(k) {
					unknown[resource.PropertyKey(k)] = resource.MakeComputed(resource.NewProperty(""))
				}
			}
			var keys []string
			for _, k := range slices.Sorted(maps.Keys(r.PropertyDependencies)) {
				if from(k) && awsspec.ForcesReplace(r.Type, k, in[0], unknown) {
					keys = append(keys, k)
				}
			}
			if len(keys) == 0 {
				continue
			}
			replaced[urn] = &Replacement{URN: urn, Type: r.Type, Name: r.Name, Keys: keys, Cause: cause,
				Root: replaced[cause].Root, Protected: r.Protect || olds[urn].Protect}
			order = append(order, urn)
		}
	}
	for _, u := range order {
		d.Replaced = append(d.Replaced, *replaced[u])
	}
	d.Reasons = reasons(d.Replaced, news)

	d.Cost = costDiff(base.Cost, head.Cost)
	d.New, d.Resolved = findingsDiff(base.Findings, head.Findings)
	for _, k := range slices.Sorted(maps.Keys(union(base.Outputs, head.Outputs))) {
		b, a := base.Outputs[k], head.Outputs[k]
		if sameJSON(b, a) {
			continue
		}
		// An object output both sides have (frontends, services) changes by its entries.
		bm, ok1 := b.(map[string]any)
		am, ok2 := a.(map[string]any)
		if !ok1 || !ok2 {
			d.Outputs = append(d.Outputs, OutputChange{Key: k, Before: b, After: a})
			continue
		}
		for _, e := range slices.Sorted(maps.Keys(union(bm, am))) {
			if !sameJSON(bm[e], am[e]) {
				d.Outputs = append(d.Outputs, OutputChange{Key: k + "." + e, Before: bm[e], After: am[e]})
			}
		}
	}
	return d
}

// Components lists the vpclink components added or removed ("Nlb nlb"), the short story of a
// diff.
func Components(rs []ResourceChange) []string {
	var out []string
	for _, r := range rs {
		if strings.HasPrefix(r.Type, "vpclink:components:") {
			out = append(out, strings.TrimPrefix(r.Type, "vpclink:components:")+" "+r.Name)
		}
	}
	return out
}

// diffed reports whether a resource is diffed by its inputs: custom resources, and the remote
// components (awsx) whose children the plan does not list.
func diffed(r ResourceDocument) bool {
	return r.Custom || r.Remote || r.Type == "awsx:ec2:Vpc"
}

func index(rs []ResourceDocument) map[string]ResourceDocument {
	m := make(map[string]ResourceDocument, len(rs))
	for _, r := range rs {
		m[r.URN] = r
	}
	return m
}

func union(a, b map[string]any) map[string]bool {
	m := map[string]bool{}
	for k := range a {
		m[k] = true
	}
	for k := range b {
		m[k] = true
	}
	return m
}

func sameJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// reasons explains each root replacement in words: what changes, and what it replaces.
func reasons(rs []Replacement, news map[string]ResourceDocument) []string {
	var out []string
	for _, root := range rs {
		if root.Cause != "" {
			continue
		}
		counts := map[string]int{}
		for _, r := range rs {
			if r.Root == root.URN && r.URN != root.URN {
				counts[shortType(r.Type)]++
			}
		}
		what := "replaces it"
		if root.Type == "awsx:ec2:Vpc" {
			what = vpcChildren(news[root.URN], root.Keys)
		}
		var parts []string
		for _, t := range slices.Sorted(maps.Keys(counts)) {
			parts = append(parts, plural(counts[t], t))
		}
		s := fmt.Sprintf("%s of %s %s changes: %s", strings.Join(root.Keys, ", "), shortType(root.Type), root.Name, what)
		if len(parts) > 0 {
			s += ", and through it " + strings.Join(parts, ", ")
		}
		if root.Protected {
			s += " (protected: the replacement will fail)"
		}
		out = append(out, s)
	}
	return out
}

// vpcChildren says what a change of the awsx VPC replaces among the children the plan does not
// list: the VPC itself for a new CIDR, and its subnets.
func vpcChildren(r ResourceDocument, keys []string) string {
	subnets := 0
	if specs, ok := r.Inputs["subnetSpecs"].([]any); ok {
		for _, s := range specs {
			if m, ok := s.(map[string]any); ok {
				if b, ok := m["cidrBlocks"].([]any); ok {
					subnets += len(b)
				}
			}
		}
	}
	if slices.Contains(keys, "cidrBlock") {
		return fmt.Sprintf("replaces the VPC and its %s (with their route tables and NAT gateways)", plural(subnets, "subnet"))
	}
	return fmt.Sprintf("replaces its %s", plural(subnets, "subnet"))
}

// shortType is the last part of a type token, in words: "aws:ec2/securityGroup:SecurityGroup"
// is "SecurityGroup".
func shortType(t string) string {
	if i := strings.LastIndex(t, ":"); i >= 0 {
		return t[i+1:]
	}
	return t
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func costDiff(b, a Cost) CostDiff {
	c := CostDiff{Currency: orDefault(a.Currency, b.Currency), Before: b.Monthly, After: a.Monthly, Delta: round2(a.Monthly - b.Monthly), Lines: []CostLineDiff{}}
	before := map[string]float64{}
	var items []string
	for _, l := range b.Lines {
		if _, ok := before[l.Item]; !ok {
			items = append(items, l.Item)
		}
		before[l.Item] += l.Monthly
	}
	after := map[string]float64{}
	for _, l := range a.Lines {
		if _, ok := before[l.Item]; !ok {
			if _, seen := after[l.Item]; !seen {
				items = append(items, l.Item)
			}
		}
		after[l.Item] += l.Monthly
	}
	for _, it := range items {
		c.Lines = append(c.Lines, CostLineDiff{Item: it, Before: round2(before[it]), After: round2(after[it]), Delta: round2(after[it] - before[it])})
	}
	return c
}

func findingsDiff(base, head []FindingDocument) (added, resolved []FindingDocument) {
	key := func(f FindingDocument) string { return f.RuleID + "\x00" + f.URN + "\x00" + string(f.Severity) }
	b := map[string]bool{}
	for _, f := range base {
		b[key(f)] = true
	}
	h := map[string]bool{}
	added, resolved = []FindingDocument{}, []FindingDocument{}
	for _, f := range head {
		h[key(f)] = true
		if !b[key(f)] {
			added = append(added, f)
		}
	}
	for _, f := range base {
		if !h[key(f)] {
			resolved = append(resolved, f)
		}
	}
	return added, resolved
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
