package policy

import (
	"encoding/json"
	"net/netip"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/vpclink/vpclink/internal/offline"
)

// FromOffline converts the offline cloud's records (what `vpclink plan` and the tests plan) into
// Resources.
func FromOffline(rs []offline.Resource) []Resource {
	out := make([]Resource, 0, len(rs))
	for _, r := range rs {
		pd := make(map[string][]string, len(r.PropertyDependencies))
		for k, v := range r.PropertyDependencies {
			pd[k] = append([]string(nil), v...)
		}
		out = append(out, Resource{
			URN: r.URN, Type: r.Type, Name: r.Name, Parent: r.Parent, Custom: r.Custom,
			Inputs:               FromPropertyMap(r.Inputs),
			Outputs:              FromPropertyMap(r.Outputs),
			Dependencies:         append([]string(nil), r.Dependencies...),
			PropertyDependencies: pd,
		})
	}
	return out
}

// FromPropertyMap turns Pulumi property values into plain values the way PropertyMap.Mappable does,
// except that secrets become SecretValue (a finding must never print one) and unknowns become
// Unknown{} (Mappable would leave engine-internal types). A resource reference becomes the
// resource's id when known, else its URN. A nil map stays nil.
func FromPropertyMap(m resource.PropertyMap) map[string]any {
	if m == nil {
		return nil
	}
	return m.MapRepl(nil, plainRepl)
}

func plainRepl(v resource.PropertyValue) (any, bool) {
	switch {
	case v.IsComputed():
		return Unknown{}, true
	case v.IsOutput():
		o := v.OutputValue()
		switch {
		case !o.Known:
			return Unknown{}, true
		case o.Secret:
			return SecretValue, true
		}
		return o.Element.MapRepl(nil, plainRepl), true
	case v.IsSecret():
		return SecretValue, true
	case v.IsResourceReference():
		ref := v.ResourceReferenceValue()
		if id, ok := ref.ID.V.(string); ok && id != "" {
			return id, true
		}
		return string(ref.URN), true
	}
	return nil, false
}

// get walks plain values by map keys: get(r.Inputs, "healthCheck", "path").
func get(v any, path ...string) any {
	for _, k := range path {
		m, ok := v.(map[string]any)
		if !ok {
			if opaque(v) {
				return v
			}
			return nil
		}
		v = m[k]
	}
	return v
}

// opaque reports whether v cannot be judged: unknown until apply, or secret.
func opaque(v any) bool {
	if _, ok := v.(Unknown); ok {
		return true
	}
	return v == SecretValue
}

// blank reports whether v is known to be absent or empty.
func blank(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(x) == ""
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	}
	return false
}

// str returns v as a known string.
func str(v any) (string, bool) {
	s, ok := v.(string)
	if !ok || s == SecretValue {
		return "", false
	}
	return s, true
}

// num returns v as a known number.
func num(v any) (float64, bool) {
	f, ok := v.(float64)
	return f, ok
}

// list returns v as a list: a single value becomes a list of one, nil an empty list.
func list(v any) []any {
	switch x := v.(type) {
	case nil:
		return nil
	case []any:
		return x
	}
	return []any{v}
}

// strs returns the known strings of v (a string or a list of them).
func strs(v any) []string {
	var out []string
	for _, e := range list(v) {
		if s, ok := str(e); ok {
			out = append(out, s)
		}
	}
	return out
}

// allStrings collects every known string anywhere inside v, for joins by id or ARN.
func allStrings(v any) []string {
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			if x != SecretValue {
				out = append(out, x)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return out
}

// parseJSON decodes a JSON document held in a string input (policies, container definitions).
// It reports false for unknown, secret or malformed values: AWS refuses malformed documents itself.
func parseJSON(v any, into any) bool {
	s, ok := str(v)
	if !ok || s == "" {
		return false
	}
	return json.Unmarshal([]byte(s), into) == nil
}

// anywhere reports whether a CIDR block covers every address (0.0.0.0/0, ::/0 and their
// spellings with host bits, like 10.0.0.0/0).
func anywhere(cidr string) bool {
	p, err := netip.ParsePrefix(strings.TrimSpace(cidr))
	return err == nil && p.Bits() == 0
}

// upper returns a known string upper-cased, "" otherwise.
func upper(v any) string {
	s, _ := str(v)
	return strings.ToUpper(strings.TrimSpace(s))
}
