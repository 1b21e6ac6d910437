package lifecycle

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/vpclink/vpclink/internal/fakeaws"
	"github.com/vpclink/vpclink/internal/offline"
	vpcplan "github.com/vpclink/vpclink/plan"
)

// node is one resource the engine manages for a plan: the plan's own resources plus the children
// the awsx VPC registers, which the offline plan cannot see.
type node struct {
	urn, typ string
	custom   bool
	inputs   resource.PropertyMap
	ignore   []string
	pdeps    map[string][]string
	// identity are the strings only this resource's creation produces (its id, ARN, generated
	// name, DNS name): a resource created again gets new ones, and every input that carries one
	// of them changes with it.
	identity []string
}

// nodesOf returns the resources the engine manages for a plan, by URN.
func nodesOf(p *vpcplan.Plan) (map[string]*node, error) {
	out := map[string]*node{}
	for _, r := range p.Resources {
		n := &node{urn: r.URN, typ: r.Type, custom: r.Custom && !r.Remote, inputs: r.Inputs, ignore: r.IgnoreChanges, pdeps: r.PropertyDependencies}
		out[r.URN] = n
		if n.custom {
			n.identity = identity(p, r)
		}
		if !r.Remote {
			continue
		}
		if r.Type != "awsx:ec2:Vpc" {
			return nil, fmt.Errorf("no model of the children of remote component %s", r.URN)
		}
		children, err := fakeaws.VpcChildren(r.URN, r.Inputs)
		if err != nil {
			return nil, err
		}
		var vpcURN string
		for _, c := range children {
			cn := &node{urn: c.URN, typ: c.Type, custom: true, inputs: c.Inputs, pdeps: map[string][]string{}}
			if c.Kind == "vpc" {
				vpcURN = c.URN
				cn.identity = []string{r.Outputs["vpcId"].StringValue()}
			} else {
				cn.pdeps["vpcId"] = []string{vpcURN}
				if ids := r.Outputs[resource.PropertyKey(c.Kind+"SubnetIds")]; ids.IsArray() && c.Index < len(ids.ArrayValue()) {
					cn.identity = []string{ids.ArrayValue()[c.Index].StringValue()}
				}
			}
			out[c.URN] = cn
		}
	}
	return out, nil
}

// identity returns the strings AWS generates for a resource: the string outputs (id included) that
// differ when the fake creates it a second time under the same URN, as in a replacement.
func identity(p *vpcplan.Plan, r offline.Resource) []string {
	cloud := offline.New(p.Project, p.Stack, p.Region)
	id2, out2, err := cloud.Answer(fakeaws.Seed(r.URN, 2), r.Type, r.Name, r.Inputs)
	if err != nil {
		return []string{r.ID}
	}
	var out []string
	add := func(s string) {
		if len(s) >= 6 && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	if id2 != r.ID {
		add(r.ID)
	}
	differing(resource.NewProperty(r.Outputs), resource.NewProperty(out2), add)
	return out
}

// differing calls f with every string of a that b does not have at the same place.
func differing(a, b resource.PropertyValue, f func(string)) {
	switch {
	case a.IsString():
		if !b.IsString() || b.StringValue() != a.StringValue() {
			f(a.StringValue())
		}
	case a.IsArray():
		for i, e := range a.ArrayValue() {
			var o resource.PropertyValue
			if b.IsArray() && i < len(b.ArrayValue()) {
				o = b.ArrayValue()[i]
			}
			differing(e, o, f)
		}
	case a.IsObject():
		for k, e := range a.ObjectValue() {
			var o resource.PropertyValue
			if b.IsObject() {
				o = b.ObjectValue()[k]
			}
			differing(e, o, f)
		}
	}
}

func eachString(v resource.PropertyValue, f func(string)) {
	switch {
	case v.IsSecret():
		eachString(v.SecretValue().Element, f)
	case v.IsString():
		f(v.StringValue())
	case v.IsArray():
		for _, e := range v.ArrayValue() {
			eachString(e, f)
		}
	case v.IsObject():
		for _, e := range v.ObjectValue() {
			eachString(e, f)
		}
	}
}

func containsAny(v resource.PropertyValue, subs map[string]bool) bool {
	found := false
	eachString(v, func(s string) {
		for sub := range subs {
			if strings.Contains(s, sub) {
				found = true
			}
		}
	})
	return found
}

// expectChanges derives what the engine must do to go from the stack of plan before to the stack
// of plan after, with the fake providers' rules (fakeaws.Diff): resources only in after are
// created, only in before deleted; an input whose value differs is changed; so is an input that
// depends on a replaced resource (through the program's dependencies, or by carrying one of the
// strings AWS generated for it), because a replaced resource gets a new id, ARN and name. A changed
// input AWS cannot update replaces its resource, and that propagates until nothing moves.
//
// With preview set it derives what a preview shows: there, a resource being created has no id yet
// either, so inputs that carry one are unknown, as they are for replaced resources.
func expectChanges(before, after *vpcplan.Plan, preview bool) (map[string]change, error) {
	a, err := nodesOf(before)
	if err != nil {
		return nil, err
	}
	b, err := nodesOf(after)
	if err != nil {
		return nil, err
	}
	out := map[string]change{}
	for urn := range b {
		if _, ok := a[urn]; !ok {
			out[urn] = create
		}
	}
	for urn := range a {
		if _, ok := b[urn]; !ok {
			out[urn] = remove
		}
	}
	both := slices.Sorted(maps.Keys(b))
	both = slices.DeleteFunc(both, func(urn string) bool { _, ok := a[urn]; return !ok || !b[urn].custom })

	changed := map[string]map[string]bool{}
	diff := func(urn string) fakeaws.DiffResult {
		news := b[urn].inputs.Copy()
		for k := range changed[urn] {
			news[resource.PropertyKey(k)] = resource.MakeComputed(resource.NewProperty(""))
		}
		return fakeaws.Diff(b[urn].typ, a[urn].inputs, news, b[urn].ignore...)
	}
	replaced := map[string]bool{}
	unknown := map[string]bool{} // resources whose new outputs are unknown in a preview
	for urn, c := range out {
		if c == create && b[urn].custom && preview {
			unknown[urn] = true
		}
	}
	for moved := true; moved; {
		moved = false
		ids := map[string]bool{}
		for urn := range replaced {
			for _, s := range a[urn].identity {
				ids[s] = true
			}
		}
		for urn := range unknown {
			for _, s := range b[urn].identity {
				ids[s] = true
			}
		}
		for _, urn := range both {
			n := b[urn]
			keys := map[string]bool{}
			for k := range n.inputs {
				keys[string(k)] = true
			}
			for k := range n.pdeps {
				keys[k] = true
			}
			for key := range keys {
				if changed[urn][key] {
					continue
				}
				hit := containsAny(n.inputs[resource.PropertyKey(key)], ids)
				for _, dep := range n.pdeps[key] {
					hit = hit || replaced[dep] || unknown[dep]
				}
				if hit {
					if changed[urn] == nil {
						changed[urn] = map[string]bool{}
					}
					changed[urn][key] = true
					moved = true
				}
			}
			if !replaced[urn] && diff(urn).Replace() {
				replaced[urn] = true
				moved = true
			}
		}
	}
	for urn := range b {
		if _, ok := a[urn]; !ok {
			continue
		}
		switch {
		case !b[urn].custom:
			out[urn] = same
		case replaced[urn]:
			out[urn] = replace
		case diff(urn).HasChanges():
			out[urn] = update
		default:
			out[urn] = same
		}
	}
	return out, nil
}
