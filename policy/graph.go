package policy

import (
	"slices"
	"strings"
)

// graph indexes a stack's resources for the rules that join them. A reference from one resource to
// another is found two ways, because neither always works: by value (an input holds an id or ARN
// the other resource output), which needs the ids to be known; and by property dependency (the
// input's value came from the other resource), which works in a preview, before any id exists.
type graph struct {
	res     []*Resource
	byURN   map[string]*Resource
	byType  map[string][]*Resource
	byValue map[string][]*Resource // output id, arn, and vpcId (the awsx VPC's id) to resources
	// bodies are the REST APIs' parsed OpenAPI bodies, parsed on first use (restBodies): the
	// resources do not change during an evaluation, and six rules read them.
	bodies     []restBody
	bodiesRead bool
}

// refOutputs are the outputs another resource's input may hold to point at a resource.
var refOutputs = []string{"id", "arn", "vpcId"}

func newGraph(rs []Resource) *graph {
	g := &graph{byURN: map[string]*Resource{}, byType: map[string][]*Resource{}, byValue: map[string][]*Resource{}}
	for i := range rs {
		r := &rs[i]
		g.res = append(g.res, r)
		g.byURN[r.URN] = r
		g.byType[r.Type] = append(g.byType[r.Type], r)
		for _, k := range refOutputs {
			if k == "vpcId" && r.Type != tAwsxVpc {
				continue // other resources output the id of the VPC they are in, not their own
			}
			if s, ok := str(r.Outputs[k]); ok && s != "" {
				g.byValue[s] = append(g.byValue[s], r)
			}
		}
	}
	return g
}

// ofType returns the resources of the given types, in URN order.
func (g *graph) ofType(types ...string) []*Resource {
	var out []*Resource
	for _, t := range types {
		out = append(out, g.byType[t]...)
	}
	slices.SortFunc(out, func(a, b *Resource) int { return strings.Compare(a.URN, b.URN) })
	return out
}

// refs returns the resources of the given types that r's input key points at, by value or by
// property dependency, in URN order.
func (g *graph) refs(r *Resource, key string, types ...string) []*Resource {
	seen := map[string]bool{}
	var out []*Resource
	add := func(t *Resource) {
		if t != nil && t != r && !seen[t.URN] && slices.Contains(types, t.Type) {
			seen[t.URN] = true
			out = append(out, t)
		}
	}
	for _, s := range allStrings(r.Inputs[key]) {
		for _, t := range g.byValue[s] {
			add(t)
		}
	}
	for _, u := range r.PropertyDependencies[key] {
		add(g.byURN[u])
	}
	slices.SortFunc(out, func(a, b *Resource) int { return strings.Compare(a.URN, b.URN) })
	return out
}

// refersTo reports whether r's input key points at target.
func (g *graph) refersTo(r *Resource, key string, target *Resource) bool {
	return slices.Contains(g.refs(r, key, target.Type), target)
}

// referrers returns the resources of the given types whose input key points at target.
func (g *graph) referrers(target *Resource, key string, types ...string) []*Resource {
	var out []*Resource
	for _, r := range g.ofType(types...) {
		if g.refersTo(r, key, target) {
			out = append(out, r)
		}
	}
	return out
}

// dependsOn reports whether r waits for target: through an input or dependsOn.
func dependsOn(r, target *Resource) bool {
	if slices.Contains(r.Dependencies, target.URN) {
		return true
	}
	for _, urns := range r.PropertyDependencies {
		if slices.Contains(urns, target.URN) {
			return true
		}
	}
	return false
}

// sameRef reports whether input ak of a and input bk of b are known to hold the same string, or
// come from a common resource of one of the types.
func (g *graph) sameRef(a *Resource, ak string, b *Resource, bk string, types ...string) bool {
	as, aok := str(a.Inputs[ak])
	bs, bok := str(b.Inputs[bk])
	if aok && bok {
		return as == bs
	}
	for _, t := range g.refs(a, ak, types...) {
		if g.refersTo(b, bk, t) {
			return true
		}
	}
	return false
}
