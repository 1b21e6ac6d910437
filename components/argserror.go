package components

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ArgsError is what every constructor returns when its args would not deploy: it names the
// component type, the instance and, for each problem, the field path (with indexes), the value
// and what is allowed. It is returned before any child is registered, so nothing is created.
//
//	var ae *components.ArgsError
//	if errors.As(err, &ae) { for _, p := range ae.Problems { ... p.Field ... } }
type ArgsError struct {
	// Type is the component's type token, like vpclink:components:HttpApi.
	Type string
	// Name is the instance name given to the constructor.
	Name string
	// Problems, in field order; never empty.
	Problems []FieldProblem
}

// FieldProblem is one refused field.
type FieldProblem struct {
	// Field is the path in the Args, like routes[1].pathPrefix; "" for the args as a whole.
	Field string
	// Value is the refused value; nil when the field is missing.
	Value any
	// Rule says what is allowed and, where AWS sets the limit, which rule of awsspec or
	// aws-facts it is.
	Rule string
}

func (p FieldProblem) String() string {
	switch {
	case p.Field == "":
		return p.Rule
	case p.Value == nil:
		return p.Field + ": " + p.Rule
	default:
		return fmt.Sprintf("%s %s: %s", p.Field, showValue(p.Value), p.Rule)
	}
}

func (e *ArgsError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.String()
	}
	return fmt.Sprintf("%s %q: %s", ShortType(e.Type), e.Name, strings.Join(parts, "; "))
}

// ShortType is the last segment of a type token: HttpApi for vpclink:components:HttpApi.
func ShortType(t string) string { return t[strings.LastIndex(t, ":")+1:] }

// summary stands for a value too long to show, like "11 subnets"; it is shown unquoted.
type summary string

func showValue(v any) string {
	switch v := v.(type) {
	case summary:
		return string(v)
	case string:
		return fmt.Sprintf("%q", v)
	case []string:
		return fmt.Sprintf("%q", v)
	default:
		return fmt.Sprint(v)
	}
}

// argsCheck collects the problems of one constructor's args.
type argsCheck struct {
	problems []FieldProblem
}

// add records that field's value breaks the rule (a format string).
func (c *argsCheck) add(field string, value any, rule string, args ...any) {
	c.problems = append(c.problems, FieldProblem{Field: field, Value: value, Rule: fmt.Sprintf(rule, args...)})
}

// missing records a required field that is not set.
func (c *argsCheck) missing(field string) {
	c.problems = append(c.problems, FieldProblem{Field: field, Rule: "is required"})
}

// missingIf records field as missing when unset is true.
func (c *argsCheck) missingIf(unset bool, field string) {
	if unset {
		c.missing(field)
	}
}

// wrap records err from a shared validator (ValidateJwt, ValidateLogRetention, ...) under field.
func (c *argsCheck) wrap(field string, value any, err error) {
	if err != nil {
		c.problems = append(c.problems, FieldProblem{Field: field, Value: value, Rule: err.Error()})
	}
}

// err is nil when nothing was refused.
func (c *argsCheck) err(typ, name string) error {
	if len(c.problems) == 0 {
		return nil
	}
	return &ArgsError{Type: typ, Name: name, Problems: c.problems}
}

// field builds a path: field("routes", 1, "name") is routes[1].name.
func field(parts ...any) string {
	var b strings.Builder
	for _, p := range parts {
		switch p := p.(type) {
		case int:
			fmt.Fprintf(&b, "[%d]", p)
		case string:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(p)
		}
	}
	return b.String()
}

// knownStrings is the value of an input that is a plain list in the program (pulumi.StringArray of
// pulumi.String, or pulumi.ToStringArray), so it can be checked before anything registers. An
// output is checked when it resolves (checkedStrings).
func knownStrings(in pulumi.StringArrayInput) ([]string, bool) {
	arr, ok := in.(pulumi.StringArray)
	if !ok {
		return nil, false
	}
	out := make([]string, 0, len(arr))
	for _, e := range arr {
		s, ok := e.(pulumi.String)
		if !ok {
			return nil, false
		}
		out = append(out, string(s))
	}
	return out, true
}

// knownString is the value of an input that is a plain string in the program.
func knownString(in pulumi.StringInput) (string, bool) {
	s, ok := in.(pulumi.String)
	return string(s), ok
}

// checkedStrings passes an array input through a check that runs when its value is known: a plain
// array is checked before anything registers (by the caller); an output fails the resource that
// takes it, with the same ArgsError, before that resource is sent to AWS.
func checkedStrings(in pulumi.StringArrayInput, check func([]string) error) pulumi.StringArrayInput {
	if _, ok := knownStrings(in); ok {
		return in
	}
	return in.ToStringArrayOutput().ApplyT(func(v []string) ([]string, error) {
		if err := check(v); err != nil {
			return nil, err
		}
		return v, nil
	}).(pulumi.StringArrayOutput)
}

// checkedString is checkedStrings for one string.
func checkedString(in pulumi.StringInput, check func(string) error) pulumi.StringInput {
	if _, ok := knownString(in); ok {
		return in
	}
	return in.ToStringOutput().ApplyT(func(v string) (string, error) {
		if err := check(v); err != nil {
			return "", err
		}
		return v, nil
	}).(pulumi.StringOutput)
}
