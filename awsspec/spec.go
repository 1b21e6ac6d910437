// Package awsspec is what AWS accepts: one table of the input constraints AWS enforces on every
// string and number vpclink sends it, each with the resource types and input properties it
// governs, the error AWS answers when refused, and the AWS source that documents it.
//
// The providers do not check most of these (pulumi-aws validates a few names in Check, during
// preview; AWS refuses the rest at Create, during `up`, minutes in, often after other resources
// were created). Three places read this one table: the config validation (stacks), which refuses
// user input that would break a rule before anything runs; the offline plan, which treats any
// violation in what the program registers as a bug in vpclink; and the fake providers the engine
// tests run on, which refuse a violating input the way AWS would.
package awsspec

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Phase is when a refusal surfaces.
type Phase string

const (
	// AtCheck rules are validated by pulumi-aws itself (the Terraform provider's schema
	// validators, or the bridge's autonaming) when the engine calls Check: preview fails too.
	AtCheck Phase = "check"
	// AtCreate rules are enforced only by the AWS API, when the provider calls it: preview passes
	// and `up` fails at Create (or Update).
	AtCreate Phase = "create"
)

// Rule is one row of the table.
type Rule struct {
	// ID is the row's id: C1 to C9 are aws-facts' own, the rest extend them.
	ID string
	// What the rule is about, in a few words.
	What string
	// Types are the pulumi-aws v6 type tokens the rule governs.
	Types []string
	// Paths are the input properties it governs, per Types: "description", "healthCheck.interval",
	// "ingress[*].description", "tags{key}" (a map's keys), "tags{value}" (its values),
	// "containerDefinitions(json)[*].name" (inside a JSON document), "tags{count}" (a map's size).
	// An empty path governs the whole inputs (cross-field rules).
	Paths []string
	// Constraint is the rule in words, as violations and config errors quote it.
	Constraint string
	// AWSError is the error AWS answers when it refuses the value; %s, when present, is the value.
	AWSError string
	// ErrorSource is the public thread the AWS error text was taken from; empty when the text
	// follows the service's documented error shape but no thread quoting it was found.
	ErrorSource string
	// Phase says whether pulumi-aws refuses the value in Check or AWS refuses it at Create.
	Phase Phase
	// ProviderError is pulumi-aws's own message for AtCheck rules; %s, when present, is the value.
	ProviderError string
	// Source is the AWS SDK for Go v2 file whose doc comment states the rule, relative to
	// github.com/aws/aws-sdk-go-v2/service/.
	Source string
	// Doc is the AWS API reference or guide page, for rules the SDK comment states only in part.
	Doc string
	// Refused is an input AWS refuses under this rule: documentation, and the fixture the tests
	// of the fake providers use.
	Refused Example

	check func(v resource.PropertyValue) bool
	// whole rules see the whole input map (cross-field rules).
	whole func(m resource.PropertyMap) (string, bool)
}

// Example is one resource's inputs.
type Example struct {
	Type        string
	LogicalName string
	Inputs      map[string]any
}

// Violation is one value that breaks a rule.
type Violation struct {
	// Rule is the row id (C1...).
	Rule string
	// Type and LogicalName identify the resource.
	Type, LogicalName string
	// Property is the concrete input path: "description", "tags[\"aws:team\"]".
	Property string
	// Value is the offending value as AWS would receive it (an autoname as the provider makes it).
	Value string
	// Autonamed is true when Value is a name the provider generates from the logical name.
	Autonamed bool
	// Constraint, AWSError (with the value filled in), Phase and Source come from the rule.
	Constraint, AWSError string
	Phase                Phase
	Source               string
}

func (v Violation) String() string {
	return fmt.Sprintf("%s %s: %s = %q breaks %s (%s); AWS answers %q [%s]", v.Type, v.LogicalName, v.Property, v.Value, v.Rule, v.Constraint, v.AWSError, v.Source)
}

// Error is a refused value as an error: what config validation and helpers return.
type Error struct {
	Rule  *Rule
	Value string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%q breaks AWS rule %s (%s: %s)", e.Value, e.Rule.ID, e.Rule.What, e.Rule.Constraint)
}

// Rules returns the table, in id order.
func Rules() []*Rule { return slices.Clone(table) }

// ByID returns the row with the id.
func ByID(id string) *Rule {
	for _, r := range table {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// Check reports whether value passes the rule with the given id. Strings and integers are
// accepted; an unknown id panics (a typo in vpclink's own code).
func Check(id string, value any) error {
	r := ByID(id)
	if r == nil {
		panic("awsspec: no rule " + id)
	}
	if r.check == nil {
		panic("awsspec: rule " + id + " is cross-field")
	}
	if r.check(resource.NewPropertyValue(value)) {
		return nil
	}
	return &Error{Rule: r, Value: fmt.Sprint(value)}
}

// FormatAWSError fills the value into the rule's AWS error text.
func (r *Rule) FormatAWSError(value string) string { return fill(r.AWSError, value) }

// FormatProviderError fills the value into pulumi-aws's own message.
func (r *Rule) FormatProviderError(value string) string { return fill(r.ProviderError, value) }

func fill(msg, value string) string {
	if strings.Contains(msg, "%s") {
		return strings.ReplaceAll(msg, "%s", value)
	}
	return msg
}

// CheckResource checks one resource's inputs against every rule that governs its type. Names the
// provider generates (an input "name" left unset on an autonamed type) are checked as the provider
// would make them from logicalName. Unknown values (outputs not resolved yet) are skipped.
func CheckResource(typ string, inputs resource.PropertyMap, logicalName string) []Violation {
	inputs = withAutoname(typ, inputs, logicalName)
	var out []Violation
	for _, r := range table {
		for i, t := range r.Types {
			if t != typ {
				continue
			}
			if r.whole != nil {
				if v, ok := r.whole(inputs); !ok {
					out = append(out, r.violation(typ, logicalName, "", v, false))
				}
				continue
			}
			for _, f := range extract(inputs, r.Paths[i]) {
				if r.check(f.value) {
					continue
				}
				auto := f.path == "name" && autoSet(inputs)
				out = append(out, r.violation(typ, logicalName, f.path, text(f.value), auto))
			}
		}
	}
	// A target group whose logical name leaves no room for the suffix has no name at all: the
	// provider refuses to make one (C11).
	if err := autonameError(typ, inputs, logicalName); err != "" {
		r := ByID("C11")
		v := r.violation(typ, logicalName, "name", logicalName+"-", true)
		v.AWSError = err
		out = append(out, v)
	}
	return out
}

func (r *Rule) violation(typ, logical, path, value string, auto bool) Violation {
	return Violation{
		Rule: r.ID, Type: typ, LogicalName: logical, Property: path, Value: value, Autonamed: auto,
		Constraint: r.Constraint, AWSError: r.FormatAWSError(value), Phase: r.Phase, Source: r.Source,
	}
}

// field is one value found under a path.
type field struct {
	path  string
	value resource.PropertyValue
}

// extract walks path through m and returns every known, non-null value it reaches.
func extract(m resource.PropertyMap, path string) []field {
	cur := []field{{"", resource.NewProperty(m)}}
	for _, seg := range strings.Split(path, ".") {
		var next []field
		name, mods := splitSegment(seg)
		for _, f := range cur {
			v := plain(f.value)
			if !v.IsObject() {
				continue
			}
			child, ok := v.ObjectValue()[resource.PropertyKey(name)]
			if !ok {
				continue
			}
			p := join(f.path, name)
			vals := []field{{p, child}}
			for _, mod := range mods {
				vals = apply(vals, mod)
			}
			next = append(next, vals...)
		}
		cur = next
	}
	var out []field
	for _, f := range cur {
		v := plain(f.value)
		if v.IsNull() || v.IsComputed() || v.ContainsUnknowns() {
			continue
		}
		out = append(out, field{f.path, v})
	}
	return out
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

// splitSegment splits "containerDefinitions(json)[*]" into the name and its modifiers.
func splitSegment(seg string) (string, []string) {
	i := strings.IndexAny(seg, "([{")
	if i < 0 {
		return seg, nil
	}
	name, rest := seg[:i], seg[i:]
	var mods []string
	for rest != "" {
		end := strings.IndexAny(rest, ")]}")
		mods = append(mods, rest[:end+1])
		rest = rest[end+1:]
	}
	return name, mods
}

func apply(in []field, mod string) []field {
	var out []field
	for _, f := range in {
		v := plain(f.value)
		switch mod {
		case "(json)":
			if !v.IsString() {
				continue
			}
			var doc any
			if json.Unmarshal([]byte(v.StringValue()), &doc) != nil {
				continue
			}
			out = append(out, field{f.path, resource.NewPropertyValue(doc)})
		case "[*]":
			if !v.IsArray() {
				continue
			}
			for i, e := range v.ArrayValue() {
				out = append(out, field{fmt.Sprintf("%s[%d]", f.path, i), e})
			}
		case "{key}", "{value}":
			if !v.IsObject() {
				continue
			}
			for _, k := range v.ObjectValue().StableKeys() {
				p := fmt.Sprintf("%s[%q]", f.path, string(k))
				if mod == "{key}" {
					out = append(out, field{p, resource.NewProperty(string(k))})
				} else {
					out = append(out, field{p, v.ObjectValue()[k]})
				}
			}
		case "{count}":
			if v.IsObject() {
				out = append(out, field{f.path, resource.NewProperty(float64(len(v.ObjectValue())))})
			}
		}
	}
	return out
}

// Plain unwraps secrets and known output values; an unknown output becomes a computed value.
func Plain(v resource.PropertyValue) resource.PropertyValue { return plain(v) }

// plain unwraps secrets and output values.
func plain(v resource.PropertyValue) resource.PropertyValue {
	for {
		switch {
		case v.IsSecret():
			v = v.SecretValue().Element
		case v.IsOutput():
			o := v.OutputValue()
			if !o.Known {
				return resource.MakeComputed(resource.NewProperty(""))
			}
			v = o.Element
		default:
			return v
		}
	}
}

func text(v resource.PropertyValue) string {
	switch {
	case v.IsString():
		return v.StringValue()
	case v.IsNumber():
		return strconv.FormatFloat(v.NumberValue(), 'f', -1, 64)
	case v.IsBool():
		return strconv.FormatBool(v.BoolValue())
	}
	b, _ := json.Marshal(v.Mappable())
	return string(b)
}
